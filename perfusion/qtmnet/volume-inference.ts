/**
 * QTMnet on a whole 4D concentration volume. A model trained on neighbourhoods: every voxel inside the mask
 * becomes the centre of an n^3 neighbourhood (edges replicated at the volume border), in batches; a model
 * trained on whole blocks (the 3D U-Net) takes the whole volume as one sample (block-inference.ts). Either
 * way the network runs once without dropout (the maps) and `mcSamples` times with seeded dropout (the
 * uncertainty), decoded in inferred-maps.ts. Outside the mask maps are 0.
 * Units: concentration in mM; maps SI (|u| m/s, Fp/PS/Ktrans 1/s, vp/ve fractions).
 */
import * as tf from '@tensorflow/tfjs';
import { createSeededRandom } from '../random/seeded-random';
import { inputTensorOf } from './batch-tensors';
import { inferBlock } from './block-inference';
import {
  type ConcentrationVolume,
  checkedVolumeVoxels,
  emptyMaps,
  type VolumeInferenceOptions,
  type VolumeInferenceResult,
  writeDecodedPasses,
} from './inferred-maps';
import type { QtmNetwork } from './network';
import type { DropoutMaskSource } from './network-variables';
import { type CubeShape, centreVoxel, voxelsPerPatch } from './patch-layout';

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

/** Standardised outputs of each batch row's centre voxel: [row][parameter]. */
function predictCentre(
  network: QtmNetwork,
  x: tf.Tensor3D,
  slot: number,
  dropout?: DropoutMaskSource,
): Float32Array {
  return tf.tidy(() => network.apply(x, dropout).slice([0, slot, 0], [-1, 1, -1]).dataSync() as Float32Array);
}

export function inferVolume(
  network: QtmNetwork,
  vol: ConcentrationVolume,
  options: VolumeInferenceOptions,
): VolumeInferenceResult {
  const { shape } = network;
  return 'block' in shape
    ? inferBlock(network, shape, vol, options)
    : inferEachVoxel(network, shape, vol, options);
}

function inferEachVoxel(
  network: QtmNetwork,
  shape: CubeShape,
  vol: ConcentrationVolume,
  options: VolumeInferenceOptions,
): VolumeInferenceResult {
  const voxels = checkedVolumeVoxels(network, vol);
  const [nx, ny, nz] = vol.dims;
  const nvox = nx * ny * nz;
  const slot = network.predictedVoxels.indexOf(centreVoxel(shape));
  const out = { maps: emptyMaps(nvox), uncertainty: emptyMaps(nvox) };
  const rng = createSeededRandom(options.seed);
  const neighbours = new Int32Array(voxelsPerPatch(shape));
  for (let start = 0; start < voxels.length; start += options.batchSize) {
    const batch = voxels.slice(start, start + options.batchSize);
    const x = inputTensorOf(shape, batch.length, (row, patch) => {
      const i = batch[row];
      extractPatch(
        vol,
        shape.side,
        i % nx,
        Math.floor(i / nx) % ny,
        Math.floor(i / (nx * ny)),
        neighbours,
        patch,
      );
    });
    try {
      writeDecodedPasses(
        (d) => predictCentre(network, x, slot, d),
        batch,
        (row) => row,
        options.mcSamples,
        rng,
        out,
      );
    } finally {
      x.dispose();
    }
    options.onProgress?.(Math.min(voxels.length, start + options.batchSize), voxels.length);
  }
  return { ...out, backend: tf.getBackend() };
}
