/**
 * Re-acquisition of a noise-free simulated subject at another SNR and frame interval, so that conditions differ
 * in the acquisition alone (same tissue, vessels, injection and tracer). The subject must come from a config
 * with noise.snr 0 on a fine frame grid (e.g. 1 s); its noise-free concentration, true root AIF and venous
 * outflow are read at the new frame times by linear interpolation (exact where the new interval is a multiple
 * of the simulated one, as the simulator itself samples its transport steps), then imaged as the simulator
 * images: a new VFA T10 estimate and dynamic series at the new SNR (dynamic-acquisition.ts, t1-mapping.ts), and
 * the artery and sinus curves measured again. Units: s, mM.
 */
import { resampleLinear } from '../aif/resample';
import { PerfusionInputError } from '../errors';
import { createSeededRandom } from '../random/seeded-random';
import { M0 } from './acquisition';
import { acquireDynamicSeries, noiseSigma, snrReferenceT1S } from './dynamic-acquisition';
import type { SimulatedSubject } from './simulated-subject';
import type { SimulationConfig } from './simulation-config';
import { rootPlasmaAif } from './subject-physiology';
import { mapT10 } from './t1-mapping';
import { measuredPlasmaCurve } from './vessel-masks';

export interface Reacquisition {
  /** Grey-matter baseline signal / noise sigma (dynamic-acquisition.ts); 0 = no noise. */
  snr: number;
  /** New frame interval, s (at least the simulated one). */
  frameIntervalS: number;
  /** Seed of the new noise (dynamic series and VFA). */
  seed: number;
  /**
   * Time the frames must cover from the first, s: the last frame is at or after it (so a coarser grid does
   * not end early); it must lie within the simulated frames. Default: as many frames as the simulated span holds.
   */
  spanS?: number;
}

/** Frames of `values` (frames last, `voxels` per frame, at `t`) read at `tNew` (linear interpolation). */
function resampleFrames(values: ArrayLike<number>, voxels: number, t: Float64Array, tNew: Float64Array) {
  const out = new Float32Array(voxels * tNew.length);
  const course = new Float64Array(t.length);
  for (let v = 0; v < voxels; v++) {
    for (let f = 0; f < t.length; f++) course[f] = values[f * voxels + v];
    const r = resampleLinear(t, course, tNew);
    for (let f = 0; f < tNew.length; f++) out[f * voxels + v] = r[f];
  }
  return out;
}

/** `noiseless` (simulated with `config`, noise.snr 0) acquired again as `r` says. */
export function reacquireSubject(
  noiseless: SimulatedSubject,
  config: SimulationConfig,
  r: Reacquisition,
): SimulatedSubject {
  const t = noiseless.frameTimesS;
  const simulatedInterval = t[1] - t[0];
  if (config.noise.snr !== 0 || !(r.frameIntervalS >= simulatedInterval * (1 - 1e-9)) || !(r.snr >= 0))
    throw new PerfusionInputError(
      'INVALID_REACQUISITION',
      `re-acquisition needs a noise-free subject (config noise.snr 0, got ${config.noise.snr}), a frame interval of at least the simulated ${simulatedInterval} s (got ${r.frameIntervalS} s) and an SNR >= 0 (got ${r.snr}); simulate the subject with noise.snr 0 on a finer frame grid`,
    );
  const simulatedSpan = t[t.length - 1] - t[0];
  const frames =
    r.spanS === undefined
      ? Math.floor(simulatedSpan / r.frameIntervalS + 1e-9) + 1
      : Math.ceil(r.spanS / r.frameIntervalS - 1e-9) + 1;
  if ((frames - 1) * r.frameIntervalS > simulatedSpan * (1 + 1e-9))
    throw new PerfusionInputError(
      'INVALID_REACQUISITION',
      `frames every ${r.frameIntervalS} s covering ${r.spanS} s end at ${(frames - 1) * r.frameIntervalS} s, after the simulated ${simulatedSpan} s; simulate the noise-free subject longer`,
    );
  const tNew = Float64Array.from({ length: frames }, (_, k) => t[0] + k * r.frameIntervalS);
  const [nx, ny, nz] = noiseless.dims;
  const nImg = nx * ny * nz;
  const p = config.protocol;
  const nominal = { trS: p.trS, flipDeg: p.flipDeg, r1PerMmS: p.r1PerMmS };
  const sigma = noiseSigma(r.snr, snrReferenceT1S(config.normal.gm.t10S), nominal);
  const phys = noiseless.physiology;
  const r10 = Float64Array.from(noiseless.t10TrueS, (t1) => 1 / t1);
  const rng = createSeededRandom(r.seed);
  const t10 = mapT10(r10, {
    flipDeg: config.t1Mapping.flipDeg,
    trS: p.trS,
    flipAngleScale: phys.flipAngleScale,
    m0: M0,
    sigma,
    rng: createSeededRandom((r.seed + 104729) % 4294967296),
  });
  const concentrationTrue = resampleFrames(noiseless.concentrationTrue, nImg, t, tNew);
  const { signal, concentration } = acquireDynamicSeries({
    concentrationTrue,
    r10PerS: r10,
    t10EstimateS: t10,
    frameIntervalS: r.frameIntervalS,
    nominal,
    flipAngleScale: phys.flipAngleScale,
    onsetS: phys.onsetS,
    sigma,
    rng,
  });
  const curve = (y: Float64Array) => resampleLinear(t, y, tNew);
  return {
    ...noiseless,
    frameTimesS: tNew,
    signal,
    concentration,
    concentrationTrue,
    t10S: Float32Array.from(t10),
    aifMeasured: measuredPlasmaCurve(concentration, nImg, noiseless.maskArtery, p.hct),
    vofMeasured: measuredPlasmaCurve(concentration, nImg, noiseless.maskVein, p.hct),
    aifRoot: rootPlasmaAif(tNew, phys, config),
    vofRoot: curve(noiseless.vofRoot),
    budget: {
      injected: curve(noiseless.budget.injected),
      held: curve(noiseless.budget.held),
      drained: curve(noiseless.budget.drained),
    },
  };
}
