/**
 * Imaging of a simulated subject: cell concentrations block-averaged to the imaging grid, T10 from tissue and
 * lumen blood (fast exchange, R1 averaged), SPGR signal with Rician noise, conversion back to concentration
 * from the pre-bolus baseline, and the AIF a radiologist would draw in the feeding artery (partial volume and
 * noise included). Labels and arrival times are brought to the imaging grid here too. Units: s, mM.
 */
import type { SeededRandom } from '../random/seeded-random';
import { spgrSignal } from '../signal/spgr-signal';
import { averageToImaging, type ImagingGrid, ricianSample, signalToConcentration } from './acquisition';
import type { SimulationConfig } from './simulation-config';

/** Blood T1 at 3 T, s (docs/science.md 5.3: 1.6-1.9 s). */
const BLOOD_T1_S = 1.7;
/** Equilibrium magnetisation of the simulated coil/tissue, arbitrary units. */
const M0 = 1000;

export interface ImagingInput {
  /** Tissue concentration per cell per frame, mM. */
  frames: Float64Array[];
  /** Tissue T10 per cell, s. */
  t10S: Float64Array;
  /** Vessel lumen fraction per cell (all vessels) and arterial lumen fraction per cell. */
  lumenFraction: Float64Array;
  arterialFraction: Float64Array;
  /** Imaging voxel of each cell. */
  index: Int32Array;
  img: ImagingGrid;
  protocol: SimulationConfig['protocol'];
  /** Baseline grey-matter signal / noise sigma; 0 = no noise. */
  snr: number;
  greyMatterT1S: number;
  rng: SeededRandom;
}

export interface SubjectImages {
  signal: Float32Array;
  concentration: Float32Array;
  concentrationTrue: Float32Array;
  t10S: Float32Array;
  maskArtery: Uint8Array;
  aifMeasured: Float64Array;
}

export function imageSubject(o: ImagingInput): SubjectImages {
  const { index, img, protocol: p } = o;
  const nImg = img.dims[0] * img.dims[1] * img.dims[2];
  const nt = p.frameCount;
  const r10 = averageToImaging(
    o.t10S.map((t, i) => (1 - o.lumenFraction[i]) / t + o.lumenFraction[i] / BLOOD_T1_S),
    index,
    img,
  );
  const concTrue = new Float32Array(nImg * nt);
  for (const [f, frame] of o.frames.entries()) concTrue.set(averageToImaging(frame, index, img), f * nImg);
  const spgr = { trS: p.trS, flipDeg: p.flipDeg, r1PerMmS: p.r1PerMmS };
  const sigma = o.snr > 0 ? spgrSignal(M0, 1 / o.greyMatterT1S, spgr) / o.snr : 0;
  const signal = new Float32Array(nImg * nt);
  const concentration = new Float32Array(nImg * nt);
  const baseline = Math.max(1, Math.min(nt - 1, Math.floor(p.bolusArrivalS / p.frameIntervalS)));
  const course = new Float64Array(nt);
  for (let v = 0; v < nImg; v++) {
    for (let f = 0; f < nt; f++) {
      course[f] = ricianSample(
        spgrSignal(M0, r10[v] + p.r1PerMmS * concTrue[f * nImg + v], spgr),
        sigma,
        o.rng,
      );
      signal[f * nImg + v] = course[f];
    }
    const c = signalToConcentration(course, 1 / r10[v], baseline, spgr);
    for (let f = 0; f < nt; f++) concentration[f * nImg + v] = c[f];
  }
  const maskArtery = arteryMask(averageToImaging(o.arterialFraction, index, img));
  const artery = [...maskArtery.keys()].filter((v) => maskArtery[v]);
  const aifMeasured = Float64Array.from(
    { length: nt },
    (_, f) => artery.reduce((s, v) => s + concentration[f * nImg + v], 0) / artery.length / (1 - p.hct),
  );
  return {
    signal,
    concentration,
    concentrationTrue: concTrue,
    t10S: Float32Array.from(r10, (r) => 1 / r),
    maskArtery,
    aifMeasured,
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

/** The artery a radiologist would draw: up to 4 voxels of highest arterial lumen fraction (>= half the max). */
function arteryMask(fraction: Float64Array): Uint8Array {
  const order = [...fraction.keys()].sort((a, b) => fraction[b] - fraction[a] || a - b);
  const mask = new Uint8Array(fraction.length);
  for (const v of order.slice(0, 4)) if (fraction[v] >= 0.5 * fraction[order[0]]) mask[v] = 1;
  return mask;
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
