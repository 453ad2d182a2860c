/**
 * Volume inference with a model trained on whole blocks (the 3D U-Net on whole subjects,
 * simulator-samples.ts): the volume is one sample, laid out and normalised exactly as a training block
 * (concentration [frame][voxel], voxel x + nx (y + ny z), which is the volume's own NIfTI order; one scale
 * for the whole volume, batch-tensors.ts), so its grid must be the training block. The mask selects which
 * voxels' outputs are kept, not the input: the network saw whole blocks, masked-out voxels included.
 * Units: concentration in mM; maps SI (inferred-maps.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { PerfusionInputError } from '../errors';
import { createSeededRandom } from '../random/seeded-random';
import { inputTensor } from './batch-tensors';
import {
  type ConcentrationVolume,
  checkedVolumeVoxels,
  emptyMaps,
  type VolumeInferenceOptions,
  type VolumeInferenceResult,
  writeDecodedPasses,
} from './inferred-maps';
import type { QtmNetwork } from './network';
import type { BlockShape } from './patch-layout';

export function inferBlock(
  network: QtmNetwork,
  shape: BlockShape,
  vol: ConcentrationVolume,
  options: VolumeInferenceOptions,
): VolumeInferenceResult {
  const voxels = checkedVolumeVoxels(network, vol);
  if (vol.dims.join('x') !== shape.block.join('x')) {
    throw new PerfusionInputError(
      'GRID_MISMATCH',
      `the model was trained on whole ${shape.block.join('x')} blocks and takes only volumes of that grid, the volume is ${vol.dims.join('x')}; simulate or acquire the subject at the training grid, or train on ${vol.dims.join('x')} blocks`,
    );
  }
  const nvox = vol.dims[0] * vol.dims[1] * vol.dims[2];
  const out = { maps: emptyMaps(nvox), uncertainty: emptyMaps(nvox) };
  const x = inputTensor(shape, [vol.concentration]);
  try {
    writeDecodedPasses(
      (dropout) => tf.tidy(() => network.apply(x, dropout).dataSync() as Float32Array),
      voxels,
      (i) => voxels[i],
      options.mcSamples,
      createSeededRandom(options.seed),
      out,
      (done, passes) => options.onProgress?.(Math.round((voxels.length * done) / passes), voxels.length),
    );
  } finally {
    x.dispose();
  }
  return { ...out, backend: tf.getBackend() };
}
