/**
 * The default QTMnet architecture for CPU/wasm (docs/science.md 8.4): the n^3 neighbourhood (plus the
 * log-scale channel) enters as channels of a 1D signal over time; three temporal convolutions (the last two
 * with stride 2) extract bolus arrival, wash-in and wash-out shape and their spatial differences (transport),
 * then a dense layer with dropout and a five-output head give the centre voxel's parameters.
 */
import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../random/seeded-random';
import type { PatchNetworkConfig, QtmNetwork } from './network';
import {
  convVariables,
  type DropoutMaskSource,
  glorotVariable,
  type NamedVariable,
  variableMap,
  zerosVariable,
} from './network-variables';
import { PARAMETER_COUNT } from './parameter-scales';
import { centreVoxel, checkPatchShape, type PatchShape, requireCube, voxelsPerPatch } from './patch-layout';

const KERNELS = [5, 5, 3];
const STRIDES = [1, 2, 2];

function framesAfterConvs(frames: number): number {
  return STRIDES.reduce((t, s) => Math.ceil(t / s), frames);
}

export function createPatchNetwork(
  config: PatchNetworkConfig,
  shape: PatchShape,
  rng: SeededRandom,
): QtmNetwork {
  checkPatchShape(shape);
  const cube = requireCube(shape, 'the patch network');
  let channels = voxelsPerPatch(shape) + 1;
  const variables: NamedVariable[] = [];
  for (let i = 0; i < 3; i++) {
    variables.push(...convVariables(`conv${i}`, [KERNELS[i]], channels, config.filters[i], rng));
    channels = config.filters[i];
  }
  const flat = framesAfterConvs(shape.frames) * channels;
  variables.push(
    glorotVariable('dense/kernel', [flat, config.dense], flat, config.dense, rng),
    zerosVariable('dense/bias', [config.dense]),
  );
  variables.push(
    glorotVariable('head/kernel', [config.dense, PARAMETER_COUNT], config.dense, PARAMETER_COUNT, rng),
    zerosVariable('head/bias', [PARAMETER_COUNT]),
  );
  const v = variableMap(variables);
  const get = (name: string): tf.Variable => v.get(name) as tf.Variable;

  return {
    config,
    shape,
    variables,
    predictedVoxels: [centreVoxel(cube)],
    apply(input: tf.Tensor3D, dropout?: DropoutMaskSource): tf.Tensor3D {
      return tf.tidy(() => {
        let h: tf.Tensor3D = input;
        for (let i = 0; i < 3; i++) {
          h = tf.relu(
            tf.add(
              tf.conv1d(h, get(`conv${i}/kernel`) as tf.Tensor3D, STRIDES[i], 'same'),
              get(`conv${i}/bias`),
            ),
          ) as tf.Tensor3D;
        }
        const batch = input.shape[0];
        const hidden = tf.add(
          tf.matMul(h.reshape([batch, -1]), get('dense/kernel') as tf.Tensor2D),
          get('dense/bias'),
        );
        let d = tf.relu(hidden) as tf.Tensor2D;
        if (dropout !== undefined && config.dropout > 0)
          d = tf.mul(d, dropout(d.shape, config.dropout)) as tf.Tensor2D;
        const out = tf.add(tf.matMul(d, get('head/kernel') as tf.Tensor2D), get('head/bias'));
        return out.reshape([batch, 1, PARAMETER_COUNT]);
      });
    },
    dispose(): void {
      for (const x of variables) x.variable.dispose();
    },
  };
}
