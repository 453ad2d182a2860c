import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../../perfusion/qtmnet/backend';
import { createNetwork } from '../../../../perfusion/qtmnet/create-network';
import type { NetworkConfig } from '../../../../perfusion/qtmnet/network';
import { seededDropout } from '../../../../perfusion/qtmnet/network-variables';
import { createSeededRandom } from '../../../../perfusion/random/seeded-random';
import { architectureBackend } from './test-backend';

// Training on a shared, loaded machine can be several times slower than on an idle one.
jest.setTimeout(60000);

const patch: NetworkConfig = { kind: 'patch', filters: [4, 6, 8], dense: 8, dropout: 0.3 };
const unet: NetworkConfig = { kind: 'unet3d', filters: 2, dropout: 0.3 };

function input(batch: number, frames: number, side: number, seed: number): tf.Tensor3D {
  const rng = createSeededRandom(seed);
  const values = Float32Array.from({ length: batch * frames * (side ** 3 + 1) }, () => rng.next());
  return tf.tensor3d(values, [batch, frames, side ** 3 + 1]);
}

beforeAll(async () => {
  await selectBackend(architectureBackend);
});

describe('QTMnet architectures', () => {
  it("patch network maps [b, T, n^3+1] to the centre voxel's five outputs", () => {
    const net = createNetwork(patch, { frames: 13, side: 3 }, 1);
    expect(net.predictedVoxels).toEqual([13]);
    const out = net.apply(input(2, 13, 3, 1));
    expect(out.shape).toEqual([2, 1, 5]);
    net.dispose();
  });

  it('3D U-Net predicts every voxel of odd-sided patches', () => {
    const net = createNetwork(unet, { frames: 6, side: 5 }, 1);
    expect(net.predictedVoxels).toHaveLength(125);
    expect(net.apply(input(2, 6, 5, 2)).shape).toEqual([2, 125, 5]);
    net.dispose();
  });

  it('3D U-Net takes whole non-cubic blocks, and a cubic block as it takes the cube', () => {
    const net = createNetwork(unet, { frames: 4, block: [6, 4, 2] }, 1);
    expect(net.predictedVoxels).toHaveLength(48);
    const rng = createSeededRandom(4);
    const values = Float32Array.from({ length: 2 * 4 * 49 }, () => rng.next());
    expect(net.apply(tf.tensor3d(values, [2, 4, 49])).shape).toEqual([2, 48, 5]);
    net.dispose();
    const cube = createNetwork(unet, { frames: 4, side: 3 }, 2);
    const block = createNetwork(unet, { frames: 4, block: [3, 3, 3] }, 2);
    const x = input(2, 4, 3, 5);
    expect(block.apply(x).arraySync()).toEqual(cube.apply(x).arraySync());
    cube.dispose();
    block.dispose();
  });

  it('the patch network refuses a block shape', () => {
    expect(() => createNetwork(patch, { frames: 8, block: [3, 3, 3] }, 1)).toThrow(
      expect.objectContaining({ code: 'INVALID_PATCH_SHAPE' }),
    );
  });

  it('dropout is active only with a mask source and reproducible from its seed', () => {
    const net = createNetwork(patch, { frames: 8, side: 1 }, 3);
    const x = input(4, 8, 1, 3);
    const plain = net.apply(x).arraySync();
    expect(net.apply(x).arraySync()).toEqual(plain);
    const a = net.apply(x, seededDropout(createSeededRandom(9))).arraySync();
    const b = net.apply(x, seededDropout(createSeededRandom(9))).arraySync();
    expect(a).toEqual(b);
    expect(a).not.toEqual(plain);
    net.dispose();
  });

  // Directional derivative check: d/de loss(w + e d) from the analytic gradient vs central differences.
  it.each([
    ['patch', patch, { frames: 8, side: 3 }],
    ['unet3d', unet, { frames: 4, side: 3 }],
  ] as const)('%s gradients match finite differences on a tiny input', (_name, config, shape) => {
    const net = createNetwork(config, shape, 5);
    const x = input(2, shape.frames, shape.side, 5);
    const vars = net.variables.map((v) => v.variable);
    const loss = () => tf.tidy(() => tf.mean(tf.square(tf.sub(net.apply(x), 0.3))) as tf.Scalar);
    const { grads } = tf.variableGrads(loss, vars);
    const rng = createSeededRandom(6);
    const directions = vars.map((v) =>
      tf.tensor(
        Float32Array.from({ length: v.size }, () => rng.next() - 0.5),
        v.shape,
      ),
    );
    const analytic = vars.reduce(
      (s, v, i) => s + tf.sum(tf.mul(grads[v.name], directions[i])).dataSync()[0],
      0,
    );
    const originals = vars.map((v) => v.clone());
    const at = (e: number) => {
      vars.forEach((v, i) => {
        v.assign(tf.add(originals[i], tf.mul(directions[i], e)));
      });
      return loss().dataSync()[0];
    };
    const h = 1e-3;
    const numeric = (at(h) - at(-h)) / (2 * h);
    expect(Math.abs(analytic)).toBeGreaterThan(1e-4);
    expect(Math.abs(numeric - analytic)).toBeLessThan(0.02 * Math.abs(analytic));
    net.dispose();
  });
});
