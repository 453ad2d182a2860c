/**
 * Image formation: block averaging from the simulation grid to the imaging grid (partial volume), spoiled
 * gradient echo (SPGR) signal S = M0 sin(a) (1 - E1) / (1 - cos(a) E1), E1 = exp(-TR R1), R1 = R10 + r1 C
 * (docs/science.md 5.1), Rician magnitude noise (Gudbjartsson & Patz, MRM 1995;34:910), and the inverse SPGR
 * conversion back to concentration with M0 from the pre-bolus baseline, as an analysis pipeline would.
 * Units: s, 1/s, mM, radians inside (flip in degrees at the edge).
 */
import type { SeededRandom } from '../random/seeded-random';
import type { SpgrProtocol } from '../signal/spgr-signal';
import type { CellGrid } from './smooth-noise';
import { normalDeviate } from './smooth-noise';

/** Equilibrium magnetisation of the simulated coil/tissue, arbitrary units. */
export const M0 = 1000;

export interface ImagingGrid {
  dims: [number, number, number];
  /** Simulation cells per imaging voxel along x, y, z. */
  factor: [number, number, number];
}

/** Index of the imaging voxel containing each simulation cell. */
export function imagingIndex(sim: CellGrid, img: ImagingGrid): Int32Array {
  const out = new Int32Array(sim.nx * sim.ny * sim.nz);
  const [fx, fy, fz] = img.factor;
  const [ix, iy] = img.dims;
  for (let z = 0, i = 0; z < sim.nz; z++)
    for (let y = 0; y < sim.ny; y++)
      for (let x = 0; x < sim.nx; x++, i++)
        out[i] = Math.floor(x / fx) + ix * (Math.floor(y / fy) + iy * Math.floor(z / fz));
  return out;
}

/** Volume average of a cell field over each imaging voxel. */
export function averageToImaging(
  field: ArrayLike<number>,
  index: Int32Array,
  img: ImagingGrid,
): Float64Array {
  const out = new Float64Array(img.dims[0] * img.dims[1] * img.dims[2]);
  for (let i = 0; i < index.length; i++) out[index[i]] += field[i];
  const per = img.factor[0] * img.factor[1] * img.factor[2];
  for (let v = 0; v < out.length; v++) out[v] /= per;
  return out;
}

/** The SPGR protocol (perfusion/signal) plus the relaxivity, for the inversion to concentration. */
export interface AcquisitionProtocol extends SpgrProtocol {
  /** r1, 1/(mM s) */
  r1PerMmS: number;
}

/** Rician magnitude of a true signal s with complex Gaussian noise of standard deviation sigma. */
export function ricianSample(s: number, sigma: number, rng: SeededRandom): number {
  if (sigma === 0) return s;
  const re = s + sigma * normalDeviate(rng);
  const im = sigma * normalDeviate(rng);
  return Math.sqrt(re * re + im * im);
}

/**
 * Concentration (mM) from a voxel's signal time course `signal` (frames), its T10 (s) and the number of
 * pre-bolus baseline frames: M0 from the baseline mean, then E1 = (M0 sin a - S)/(M0 sin a - S cos a),
 * R1 = -ln(E1)/TR, C = (R1 - R10)/r1. E1 is clamped into (0, 1) where noise makes the inversion undefined.
 */
export function signalToConcentration(
  signal: ArrayLike<number>,
  t10S: number,
  baselineFrames: number,
  p: AcquisitionProtocol,
): Float64Array {
  const a = (p.flipDeg * Math.PI) / 180;
  let s0 = 0;
  for (let k = 0; k < baselineFrames; k++) s0 += signal[k];
  s0 /= baselineFrames;
  const e10 = Math.exp(-p.trS / t10S);
  const m0 = (s0 * (1 - Math.cos(a) * e10)) / (Math.sin(a) * (1 - e10));
  const out = new Float64Array(signal.length);
  for (let k = 0; k < signal.length; k++) {
    const num = m0 * Math.sin(a) - signal[k];
    const den = m0 * Math.sin(a) - signal[k] * Math.cos(a);
    const e1 = Math.min(1 - 1e-12, Math.max(1e-12, num / den));
    out[k] = (-Math.log(e1) / p.trS - 1 / t10S) / p.r1PerMmS;
  }
  return out;
}
