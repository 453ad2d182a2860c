/**
 * The dynamic series of one acquisition, from the noise-free tissue concentration on the imaging grid: SPGR
 * signal at the subject's actual flip angle (nominal x transmit scale) with Rician noise (acquisition.ts), and
 * the conversion back to concentration with the analysis' T10 estimate, the nominal flip angle and M0 from the
 * pre-bolus frames. The simulator images every subject with it (subject-imaging.ts), and re-acquisition
 * (re-acquisition.ts) images a noise-free subject again at another SNR and frame interval. Units: s, 1/s, mM.
 */
import type { SeededRandom } from '../random/seeded-random';
import { spgrSignal } from '../signal/spgr-signal';
import { type AcquisitionProtocol, M0, ricianSample, signalToConcentration } from './acquisition';

/**
 * Rician sigma (signal units) at signal-to-noise ratio `snr`, defined as the pre-contrast signal of grey
 * matter of T1 `greyMatterT1S` (s) over sigma; snr 0 means no noise (sigma 0).
 */
export function noiseSigma(snr: number, greyMatterT1S: number, nominal: AcquisitionProtocol): number {
  return snr > 0 ? spgrSignal(M0, 1 / greyMatterT1S, nominal) / snr : 0;
}

/** The grey-matter T1 the SNR refers to: the middle of the configured grey-matter range, s. */
export function snrReferenceT1S(greyMatterT10S: readonly [number, number]): number {
  return (greyMatterT10S[0] + greyMatterT10S[1]) / 2;
}

export interface DynamicAcquisition {
  /** Noise-free tissue concentration, mM, frames last (voxel v, frame f at f * voxels + v). */
  concentrationTrue: Float32Array;
  /** True pre-contrast R1 (1/s) and the T10 the analysis uses (s), per voxel. */
  r10PerS: ArrayLike<number>;
  t10EstimateS: ArrayLike<number>;
  frameIntervalS: number;
  nominal: AcquisitionProtocol;
  /** Actual / nominal flip angle. */
  flipAngleScale: number;
  /** Bolus onset after the first frame, s: the frames before it are the baseline. */
  onsetS: number;
  /** Rician sigma, signal units (noiseSigma). */
  sigma: number;
  rng: SeededRandom;
}

/** Signal (a.u.) and concentration (mM) of every voxel and frame, frames last. */
export function acquireDynamicSeries(o: DynamicAcquisition): {
  signal: Float32Array;
  concentration: Float32Array;
} {
  const nImg = o.r10PerS.length;
  const nt = o.concentrationTrue.length / nImg;
  const actual = { ...o.nominal, flipDeg: o.nominal.flipDeg * o.flipAngleScale };
  const signal = new Float32Array(nImg * nt);
  const concentration = new Float32Array(nImg * nt);
  const baseline = Math.max(1, Math.min(nt - 1, Math.floor(o.onsetS / o.frameIntervalS)));
  const course = new Float64Array(nt);
  for (let v = 0; v < nImg; v++) {
    for (let f = 0; f < nt; f++) {
      course[f] = ricianSample(
        spgrSignal(M0, o.r10PerS[v] + o.nominal.r1PerMmS * o.concentrationTrue[f * nImg + v], actual),
        o.sigma,
        o.rng,
      );
      signal[f * nImg + v] = course[f];
    }
    const c = signalToConcentration(course, o.t10EstimateS[v], baseline, o.nominal);
    for (let f = 0; f < nt; f++) concentration[f * nImg + v] = c[f];
  }
  return { signal, concentration };
}
