/**
 * What QTMnet volume inference takes and gives, and the one way both inference paths (per-voxel
 * neighbourhoods, volume-inference.ts; whole blocks, block-inference.ts) turn network outputs into maps:
 * standardised outputs decoded to SI (parameter-scales.ts, Ktrans from Fp and PS), one pass without dropout
 * for the maps and `mcSamples` passes with seeded dropout whose standard deviation is the uncertainty
 * (Gal & Ghahramani, ICML 2016). Units: concentration in mM; maps SI (|u| m/s, Fp/PS/Ktrans 1/s, vp/ve
 * fractions).
 */
import { PerfusionInputError } from '../errors';
import type { SeededRandom } from '../random/seeded-random';
import type { QtmNetwork } from './network';
import { type DropoutMaskSource, seededDropout } from './network-variables';
import {
  decodeParameter,
  ktransFromFlowAndPermeability,
  PARAMETER_COUNT,
  QTM_PARAMETERS,
  type QtmParameter,
} from './parameter-scales';

export interface ConcentrationVolume {
  /** [nx, ny, nz]. */
  dims: [number, number, number];
  frames: number;
  /** mM, x fastest, then y, z, t (NIfTI order). */
  concentration: Float32Array;
  /** Voxels to estimate (non-zero); all when absent. */
  mask?: Uint8Array;
}

export type MapName = QtmParameter | 'ktrans';
export type ParameterMaps = Record<MapName, Float32Array>;

export interface VolumeInferenceOptions {
  /** Voxels per batch of the per-voxel path (a block-shaped model takes the whole volume in one sample). */
  batchSize: number;
  /** Number of MC-dropout passes for the uncertainty maps (0: no uncertainty, maps of zeros). */
  mcSamples: number;
  seed: number;
  /** Masked voxels done (for a block-shaped model: in proportion to the passes done) and their total. */
  onProgress?: (done: number, total: number) => void;
}

export interface VolumeInferenceResult {
  maps: ParameterMaps;
  /** Standard deviation over MC-dropout passes, same units as `maps`. */
  uncertainty: ParameterMaps;
  /** The tfjs backend the maps were computed on. */
  backend: string;
}

const MAP_NAMES: readonly MapName[] = [...QTM_PARAMETERS, 'ktrans'];

export function emptyMaps(n: number): ParameterMaps {
  return Object.fromEntries(MAP_NAMES.map((k) => [k, new Float32Array(n)])) as ParameterMaps;
}

/** The volume's frame count must be the model's, and its arrays must fit its dims; returns the masked voxels. */
export function checkedVolumeVoxels(network: QtmNetwork, vol: ConcentrationVolume): number[] {
  const { frames } = network.shape;
  if (vol.frames !== frames) {
    throw new PerfusionInputError(
      'PROTOCOL_MISMATCH',
      `the model expects ${frames} frames, the volume has ${vol.frames}; resample it to the model's protocol`,
    );
  }
  const [nx, ny, nz] = vol.dims;
  const nvox = nx * ny * nz;
  if (vol.concentration.length !== nvox * frames || (vol.mask !== undefined && vol.mask.length !== nvox)) {
    throw new PerfusionInputError(
      'SHAPE_MISMATCH',
      `volume ${nx}x${ny}x${nz}x${frames} needs ${nvox * frames} concentrations and ${nvox} mask voxels`,
    );
  }
  const voxels: number[] = [];
  for (let i = 0; i < nvox; i++) if (vol.mask === undefined || vol.mask[i] !== 0) voxels.push(i);
  return voxels;
}

/**
 * Writes the maps and MC-dropout uncertainty of `voxels` into `out`. `predict(dropout)` runs the network
 * (dropout absent: deterministic) and returns standardised outputs [row][parameter]; voxel voxels[i] is row
 * `rowOf(i)`. Passes: one without dropout, then `mcSamples` with masks drawn from `rng` in turn;
 * `onPass(done, passes)` follows each.
 */
export function writeDecodedPasses(
  predict: (dropout?: DropoutMaskSource) => Float32Array,
  voxels: readonly number[],
  rowOf: (i: number) => number,
  mcSamples: number,
  rng: SeededRandom,
  out: Pick<VolumeInferenceResult, 'maps' | 'uncertainty'>,
  onPass?: (done: number, passes: number) => void,
): void {
  const decode = (z: Float32Array, row: number, value: Float64Array) => {
    for (let j = 0; j < PARAMETER_COUNT; j++)
      value[j] = decodeParameter(QTM_PARAMETERS[j], z[row * PARAMETER_COUNT + j]);
    value[PARAMETER_COUNT] = ktransFromFlowAndPermeability(value[1], value[2]);
  };
  const value = new Float64Array(MAP_NAMES.length);
  const plain = predict();
  onPass?.(1, mcSamples + 1);
  const sum = new Float64Array(voxels.length * value.length);
  const sumSq = new Float64Array(voxels.length * value.length);
  for (let s = 0; s < mcSamples; s++) {
    const z = predict(seededDropout(rng));
    for (let i = 0; i < voxels.length; i++) {
      decode(z, rowOf(i), value);
      value.forEach((a, j) => {
        sum[i * value.length + j] += a;
        sumSq[i * value.length + j] += a * a;
      });
    }
    onPass?.(s + 2, mcSamples + 1);
  }
  voxels.forEach((voxel, i) => {
    decode(plain, rowOf(i), value);
    MAP_NAMES.forEach((name, j) => {
      out.maps[name][voxel] = value[j];
      if (mcSamples > 1) {
        const m = sum[i * value.length + j] / mcSamples;
        const variance = (sumSq[i * value.length + j] - mcSamples * m * m) / (mcSamples - 1);
        out.uncertainty[name][voxel] = Math.sqrt(Math.max(0, variance));
      }
    });
  });
}
