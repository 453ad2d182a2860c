/**
 * QTMnet on a whole 4D concentration volume: every voxel inside the mask becomes the centre of an n^3
 * neighbourhood (edges replicated at the volume border), batches go through the network once without
 * dropout (the maps) and `mcSamples` times with seeded dropout (their standard deviation is the per-voxel
 * uncertainty; Gal & Ghahramani, ICML 2016). Outside the mask maps are 0.
 * Units: concentration in mM; maps SI (|u| m/s, Fp/PS/Ktrans 1/s, vp/ve fractions).
 */
import * as tf from '@tensorflow/tfjs';
import { PerfusionInputError } from '../errors';
import { createSeededRandom } from '../random/seeded-random';
import { inputTensorOf } from './batch-tensors';
import type { QtmNetwork } from './network';
import { seededDropout } from './network-variables';
import {
  decodeParameter,
  ktransFromFlowAndPermeability,
  PARAMETER_COUNT,
  QTM_PARAMETERS,
  type QtmParameter,
} from './parameter-scales';
import { centreVoxel, requireCube, voxelsPerPatch } from './patch-layout';

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
  batchSize: number;
  /** Number of MC-dropout passes for the uncertainty maps (0: no uncertainty, maps of zeros). */
  mcSamples: number;
  seed: number;
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

function emptyMaps(n: number): ParameterMaps {
  return Object.fromEntries(MAP_NAMES.map((k) => [k, new Float32Array(n)])) as ParameterMaps;
}

/**
 * The neighbourhood of voxel (x, y, z) as a T x n^3 patch ([frame][voxel]); borders replicated.
 * `neighbours` (n^3 entries) is scratch for the source voxel indices, found once and reused for every frame.
 */
function extractPatch(
  vol: ConcentrationVolume,
  side: number,
  x: number,
  y: number,
  z: number,
  neighbours: Int32Array,
  out: Float32Array,
): void {
  const [nx, ny, nz] = vol.dims;
  const r = (side - 1) / 2;
  const nvox = nx * ny * nz;
  const v = side ** 3;
  const clamp = (a: number, n: number) => (a < 0 ? 0 : a >= n ? n - 1 : a);
  let k = 0;
  for (let dz = -r; dz <= r; dz++) {
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++, k++)
        neighbours[k] = clamp(x + dx, nx) + nx * (clamp(y + dy, ny) + ny * clamp(z + dz, nz));
    }
  }
  const c = vol.concentration;
  for (let t = 0; t < vol.frames; t++) {
    const from = nvox * t;
    const to = t * v;
    for (let j = 0; j < v; j++) out[to + j] = c[from + neighbours[j]];
  }
}

/** Decoded SI parameters of each batch row's centre voxel: [row][parameter]. */
function predictCentre(
  network: QtmNetwork,
  x: tf.Tensor3D,
  slot: number,
  dropout?: ReturnType<typeof seededDropout>,
): Float32Array {
  return tf.tidy(() => network.apply(x, dropout).slice([0, slot, 0], [-1, 1, -1]).dataSync() as Float32Array);
}

export function inferVolume(
  network: QtmNetwork,
  vol: ConcentrationVolume,
  options: VolumeInferenceOptions,
): VolumeInferenceResult {
  const { frames } = network.shape;
  const { side } = requireCube(
    network.shape,
    'per-voxel volume inference (each voxel the centre of its own patch)',
  );
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
  const slot = network.predictedVoxels.indexOf(centreVoxel({ frames, side }));
  const voxels: number[] = [];
  for (let i = 0; i < nvox; i++) if (vol.mask === undefined || vol.mask[i] !== 0) voxels.push(i);
  const maps = emptyMaps(nvox);
  const uncertainty = emptyMaps(nvox);
  const rng = createSeededRandom(options.seed);
  const neighbours = new Int32Array(voxelsPerPatch(network.shape));
  const decode = (z: Float32Array, row: number, out: Float64Array) => {
    for (let j = 0; j < PARAMETER_COUNT; j++)
      out[j] = decodeParameter(QTM_PARAMETERS[j], z[row * PARAMETER_COUNT + j]);
    out[PARAMETER_COUNT] = ktransFromFlowAndPermeability(out[1], out[2]);
  };
  const value = new Float64Array(PARAMETER_COUNT + 1);
  for (let start = 0; start < voxels.length; start += options.batchSize) {
    const batch = voxels.slice(start, start + options.batchSize);
    const x = inputTensorOf(network.shape, batch.length, (row, patch) => {
      const i = batch[row];
      extractPatch(vol, side, i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny)), neighbours, patch);
    });
    const plain = predictCentre(network, x, slot);
    const sum = new Float64Array(batch.length * (PARAMETER_COUNT + 1));
    const sumSq = new Float64Array(batch.length * (PARAMETER_COUNT + 1));
    for (let s = 0; s < options.mcSamples; s++) {
      const z = predictCentre(network, x, slot, seededDropout(rng));
      batch.forEach((_, row) => {
        decode(z, row, value);
        value.forEach((a, j) => {
          sum[row * value.length + j] += a;
          sumSq[row * value.length + j] += a * a;
        });
      });
    }
    x.dispose();
    batch.forEach((voxel, row) => {
      decode(plain, row, value);
      MAP_NAMES.forEach((name, j) => {
        maps[name][voxel] = value[j];
        if (options.mcSamples > 1) {
          const m = sum[row * value.length + j] / options.mcSamples;
          const variance =
            (sumSq[row * value.length + j] - options.mcSamples * m * m) / (options.mcSamples - 1);
          uncertainty[name][voxel] = Math.sqrt(Math.max(0, variance));
        }
      });
    });
    options.onProgress?.(Math.min(voxels.length, start + options.batchSize), voxels.length);
  }
  return { maps, uncertainty, backend: tf.getBackend() };
}
