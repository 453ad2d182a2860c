/**
 * Imaging of a simulated subject: cell concentrations block-averaged to the imaging grid, T10 from tissue and
 * lumen blood (fast exchange, R1 averaged), SPGR signal with Rician noise at the subject's actual flip angles,
 * T10 estimated by a variable-flip-angle acquisition (t1-mapping.ts), conversion back to concentration with
 * that estimate and the nominal flip angle from the pre-bolus baseline, and the plasma curves an analysis
 * measures in the feeding artery and the venous sinus (vessel-masks.ts). Labels and arrival times are brought
 * to the imaging grid here too. Units: s, mM.
 */
import type { SeededRandom } from '../random/seeded-random';
import { averageToImaging, type ImagingGrid, M0 } from './acquisition';
import { acquireDynamicSeries, noiseSigma } from './dynamic-acquisition';
import type { SimulationConfig } from './simulation-config';
import type { SubjectPhysiology } from './subject-physiology';
import { mapT10 } from './t1-mapping';
import { arteryMask, measuredPlasmaCurve, veinMask } from './vessel-masks';

export interface ImagingInput {
  /** Tissue concentration per cell per frame, mM. */
  frames: Float64Array[];
  /** Tissue T10 per cell, s. */
  t10S: Float64Array;
  /** Lumen volume fractions per cell: arterial tree, venous tree and sinus together, and the sinus alone. */
  arterialFraction: Float64Array;
  venousFraction: Float64Array;
  sinusFraction: Float64Array;
  /** Imaging voxel of each cell. */
  index: Int32Array;
  img: ImagingGrid;
  protocol: SimulationConfig['protocol'];
  /** Nominal VFA flip angles, degrees (empty: the analysis gets the true T10). */
  t1MappingFlipDeg: number[];
  physiology: SubjectPhysiology;
  /** Baseline grey-matter signal / noise sigma; 0 = no noise. */
  snr: number;
  greyMatterT1S: number;
  /** Noise of the dynamic series and of the VFA acquisition. */
  rng: SeededRandom;
  vfaRng: SeededRandom;
}

export interface SubjectImages {
  signal: Float32Array;
  concentration: Float32Array;
  concentrationTrue: Float32Array;
  /** T10 as the VFA acquisition estimates it, and the true one, s. */
  t10S: Float32Array;
  t10TrueS: Float32Array;
  maskArtery: Uint8Array;
  maskVein: Uint8Array;
  /** Plasma curves measured in the artery and the sinus, mM. */
  aifMeasured: Float64Array;
  vofMeasured: Float64Array;
}

export function imageSubject(o: ImagingInput): SubjectImages {
  const { index, img, protocol: p, physiology: phys } = o;
  const nImg = img.dims[0] * img.dims[1] * img.dims[2];
  const nt = p.frameCount;
  const r10 = averageToImaging(
    o.t10S.map((t, i) => {
      const a = o.arterialFraction[i];
      const v = Math.min(o.venousFraction[i], 1 - a);
      return (1 - a - v) / t + a / phys.arterialBloodT1S + v / phys.venousBloodT1S;
    }),
    index,
    img,
  );
  const concTrue = new Float32Array(nImg * nt);
  for (const [f, frame] of o.frames.entries()) concTrue.set(averageToImaging(frame, index, img), f * nImg);
  const nominal = { trS: p.trS, flipDeg: p.flipDeg, r1PerMmS: p.r1PerMmS };
  const sigma = noiseSigma(o.snr, o.greyMatterT1S, nominal);
  const t10 = mapT10(r10, {
    flipDeg: o.t1MappingFlipDeg,
    trS: p.trS,
    flipAngleScale: phys.flipAngleScale,
    m0: M0,
    sigma,
    rng: o.vfaRng,
  });
  const { signal, concentration } = acquireDynamicSeries({
    concentrationTrue: concTrue,
    r10PerS: r10,
    t10EstimateS: t10,
    frameIntervalS: p.frameIntervalS,
    nominal,
    flipAngleScale: phys.flipAngleScale,
    onsetS: phys.onsetS,
    sigma,
    rng: o.rng,
  });
  const maskArtery = arteryMask(averageToImaging(o.arterialFraction, index, img));
  const maskVein = veinMask(averageToImaging(o.sinusFraction, index, img));
  return {
    signal,
    concentration,
    concentrationTrue: concTrue,
    t10S: Float32Array.from(t10),
    t10TrueS: Float32Array.from(r10, (r) => 1 / r),
    maskArtery,
    maskVein,
    aifMeasured: measuredPlasmaCurve(concentration, nImg, maskArtery, p.hct),
    vofMeasured: measuredPlasmaCurve(concentration, nImg, maskVein, p.hct),
  };
}

/** Imaging-voxel mean of the finite cell values (NaN where none is finite). */
export function finiteAverage(field: Float64Array, index: Int32Array, img: ImagingGrid): Float32Array {
  const sum = averageToImaging(
    field.map((v) => (Number.isFinite(v) ? v : 0)),
    index,
    img,
  );
  const count = averageToImaging(
    field.map((v) => (Number.isFinite(v) ? 1 : 0)),
    index,
    img,
  );
  return Float32Array.from(sum, (s, v) => (count[v] > 0 ? s / count[v] : Number.NaN));
}

/** Most frequent label among each imaging voxel's cells; ties go to enhancing, then necrosis, oedema, normal. */
export function majorityLabel(label: Uint8Array, index: Int32Array, nImg: number): Uint8Array {
  const counts = new Int32Array(nImg * 4);
  for (let i = 0; i < label.length; i++) counts[index[i] * 4 + label[i]]++;
  return Uint8Array.from({ length: nImg }, (_, v) => {
    let best = 0;
    for (const l of [3, 2, 1])
      if (counts[v * 4 + l] > 0 && counts[v * 4 + l] >= counts[v * 4 + best]) best = l;
    return best;
  });
}
