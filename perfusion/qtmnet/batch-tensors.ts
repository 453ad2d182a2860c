/** Packs patches into the network's input and target arrays (layouts in patch-layout.ts and network.ts). */
import * as tf from '@tensorflow/tfjs';
import type { QtmNetwork } from './network';
import { encodeParameter, PARAMETER_COUNT, QTM_PARAMETERS } from './parameter-scales';
import { normalisePatch, type PatchSample, type PatchShape, voxelsPerPatch } from './patch-layout';

/** Normalised input [batch, T, n^3 + 1] from concentration patches (each T x n^3, mM). */
export function inputTensor(shape: PatchShape, concentrations: readonly Float32Array[]): tf.Tensor3D {
  const width = voxelsPerPatch(shape) + 1;
  const out = new Float32Array(concentrations.length * shape.frames * width);
  concentrations.forEach((c, b) => {
    normalisePatch(shape, c, out, b * shape.frames * width);
  });
  return tf.tensor3d(out, [concentrations.length, shape.frames, width]);
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
