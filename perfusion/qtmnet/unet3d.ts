/**
 * A small two-level 3D U-Net (Cicek et al., MICCAI 2016), the architecture of the preprint's group (docs/science.md 8.1,
 * ISMRM 2022 #0802): time frames (plus the log-scale channel) as input channels, two 3x3x3 convolutions per level,
 * max-pooling down, nearest-neighbour upsampling and a skip connection up, dropout before a 1x1x1
 * five-output head giving every voxel's parameters. Takes neighbourhood cubes or whole blocks (a whole
 * 64x64x16 subject at the paper's scale, experiments/qtmnet-unet3d.yaml). Meant for the tensorflow backend;
 * it also runs (slowly) on wasm and cpu, where its tests use tiny inputs.
 */
import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../random/seeded-random';
import type { QtmNetwork, UNet3dConfig } from './network';
import { convVariables, type DropoutMaskSource, type NamedVariable, variableMap } from './network-variables';
import { PARAMETER_COUNT } from './parameter-scales';
import { checkPatchShape, type PatchShape, patchDims, voxelsPerPatch } from './patch-layout';

/** Doubles every spatial axis of [b, d, h, w, c] by repetition (upsampling without Conv3DTranspose, whose gradient tfjs lacks). */
function upsample2(x: tf.Tensor5D): tf.Tensor5D {
  let y: tf.Tensor = x;
  for (let axis = 1; axis <= 3; axis++) {
    const e = y.expandDims(axis + 1);
    const shape = y.shape.slice();
    shape[axis] *= 2;
    y = tf.concat([e, e], axis + 1).reshape(shape);
  }
  return y as tf.Tensor5D;
}

export function createUNet3d(config: UNet3dConfig, shape: PatchShape, rng: SeededRandom): QtmNetwork {
  checkPatchShape(shape);
  const f = config.filters;
  const layers: Array<[string, number[], number, number]> = [
    ['enc1a', [3, 3, 3], shape.frames + 1, f],
    ['enc1b', [3, 3, 3], f, f],
    ['enc2a', [3, 3, 3], f, 2 * f],
    ['enc2b', [3, 3, 3], 2 * f, 2 * f],
    ['dec1a', [3, 3, 3], 3 * f, f],
    ['dec1b', [3, 3, 3], f, f],
    ['head', [1, 1, 1], f, PARAMETER_COUNT],
  ];
  const variables: NamedVariable[] = layers.flatMap(([name, k, i, o]) => convVariables(name, k, i, o, rng));
  const v = variableMap(variables);
  const conv = (name: string, x: tf.Tensor5D): tf.Tensor5D =>
    tf.add(
      tf.conv3d(x, v.get(`${name}/kernel`) as tf.Tensor5D, 1, 'same'),
      v.get(`${name}/bias`) as tf.Tensor,
    ) as tf.Tensor5D;
  const [nx, ny, nz] = patchDims(shape);
  const voxels = voxelsPerPatch(shape);

  return {
    config,
    shape,
    variables,
    predictedVoxels: Array.from({ length: voxels }, (_, i) => i),
    apply(input: tf.Tensor3D, dropout?: DropoutMaskSource): tf.Tensor3D {
      return tf.tidy(() => {
        const batch = input.shape[0];
        // [b, T, voxels + 1] -> [b, z, y, x, T + 1]; voxel index x + nx (y + ny z) is row-major [z][y][x].
        const conc = input
          .slice([0, 0, 0], [-1, -1, voxels])
          .transpose([0, 2, 1])
          .reshape([batch, nz, ny, nx, shape.frames]);
        const logScale = input.slice([0, 0, voxels], [-1, 1, 1]).reshape([batch, 1, 1, 1, 1]);
        const x = tf.concat([conc, tf.mul(logScale, tf.ones([1, nz, ny, nx, 1]))], 4) as tf.Tensor5D;
        const e1 = tf.relu(conv('enc1b', tf.relu(conv('enc1a', x))));
        const down = tf.maxPool3d(e1, 2, 2, 'same');
        const e2 = tf.relu(conv('enc2b', tf.relu(conv('enc2a', down))));
        const up = upsample2(e2).slice([0, 0, 0, 0, 0], [-1, nz, ny, nx, -1]);
        let d = tf.relu(conv('dec1a', tf.concat([e1, up], 4) as tf.Tensor5D));
        if (dropout !== undefined && config.dropout > 0)
          d = tf.mul(d, dropout(d.shape, config.dropout)) as tf.Tensor5D;
        const out = conv('head', tf.relu(conv('dec1b', d)));
        return out.reshape([batch, voxels, PARAMETER_COUNT]);
      });
    },
    dispose(): void {
      for (const x of variables) x.variable.dispose();
    },
  };
}
