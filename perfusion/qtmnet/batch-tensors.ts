/** Packs patches into the network's input and target arrays (layouts in patch-layout.ts and network.ts). */
import * as tf from '@tensorflow/tfjs';
import type { QtmNetwork } from './network';
import { encodeParameter, PARAMETER_COUNT, QTM_PARAMETERS } from './parameter-scales';
import { normalisePatch, type PatchSample, type PatchShape, voxelsPerPatch } from './patch-layout';

/**
 * Normalised input [batch, T, V + 1] for `count` patches that `fill(row, patch)` writes, one after another,
 * into one reused T x V array (mM): no allocation per patch (inference packs thousands per batch).
 */
export function inputTensorOf(
  shape: PatchShape,
  count: number,
  fill: (row: number, patch: Float32Array) => void,
): tf.Tensor3D {
  const width = voxelsPerPatch(shape) + 1;
  const out = new Float32Array(count * shape.frames * width);
  const patch = new Float32Array(shape.frames * (width - 1));
  for (let b = 0; b < count; b++) {
    fill(b, patch);
    normalisePatch(shape, patch, out, b * shape.frames * width);
  }
  return tf.tensor3d(out, [count, shape.frames, width]);
}

/** Normalised input [batch, T, V + 1] from concentration patches (each T x V, mM). */
export function inputTensor(shape: PatchShape, concentrations: readonly Float32Array[]): tf.Tensor3D {
  return inputTensorOf(shape, concentrations.length, (b, patch) => patch.set(concentrations[b]));
}

/** Standardised targets [batch, predicted voxels, 5] for the voxels the network predicts. */
export function targetTensor(network: QtmNetwork, patches: readonly PatchSample[]): tf.Tensor3D {
  const voxels = network.predictedVoxels;
  const out = new Float32Array(patches.length * voxels.length * PARAMETER_COUNT);
  let k = 0;
  for (const p of patches) {
    for (const v of voxels) {
      for (let j = 0; j < PARAMETER_COUNT; j++)
        out[k++] = encodeParameter(QTM_PARAMETERS[j], p.labels[v * PARAMETER_COUNT + j]);
    }
  }
  return tf.tensor3d(out, [patches.length, voxels.length, PARAMETER_COUNT]);
}
