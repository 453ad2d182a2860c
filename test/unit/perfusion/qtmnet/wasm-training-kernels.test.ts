import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../../perfusion/qtmnet/backend';
import { createNetwork } from '../../../../perfusion/qtmnet/create-network';
import type { NetworkConfig } from '../../../../perfusion/qtmnet/network';
import type { CubeShape } from '../../../../perfusion/qtmnet/patch-layout';

// Training on a shared, loaded machine can be several times slower than on an idle one.
jest.setTimeout(60000);

// Gradient of sum(conv2d(x, w) * r) w.r.t. w and x, computed on a given backend from plain arrays.
function convGradients(
  xShape: [number, number, number, number],
  wShape: [number, number, number, number],
  xs: Float32Array,
  ws: Float32Array,
  strides: [number, number],
  pad: 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]],
): { dw: Float32Array; dx: Float32Array } {
  return tf.tidy(() => {
    const x = tf.tensor4d(xs, xShape);
    const w = tf.tensor4d(ws, wShape);
    const f = (a: tf.Tensor, b: tf.Tensor) => {
      const y = tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad as 'same');
      const r = tf.range(0, y.size).reshape(y.shape).sin();
      return y.mul(r).sum() as tf.Scalar;
    };
    const [dx, dw] = tf.grads(f)([x, w]);
    return { dw: dw.dataSync() as Float32Array, dx: dx.dataSync() as Float32Array };
  });
}

function expectClose(actual: Float32Array, expected: Float32Array): void {
  let gmax = 0;
  for (const v of expected) gmax = Math.max(gmax, Math.abs(v));
  const atol = 1e-6 * gmax;
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tol = atol + 1e-4 * Math.abs(expected[i]);
    if (Math.abs(actual[i] - expected[i]) > tol) {
      throw new Error(`element ${i}: wasm ${actual[i]} vs cpu ${expected[i]} (tolerance ${tol})`);
    }
  }
}

function seededArray(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = s / 1073741824 - 1;
  }
  return out;
}

const cases: Array<{
  name: string;
  x: [number, number, number, number];
  w: [number, number, number, number];
  strides: [number, number];
  pad: 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
}> = [
  { name: 'conv1d-like same', x: [3, 1, 20, 5], w: [1, 5, 5, 4], strides: [1, 1], pad: 'same' },
  { name: 'conv1d-like stride 2 same', x: [2, 1, 21, 3], w: [1, 3, 3, 6], strides: [1, 2], pad: 'same' },
  { name: '2d valid', x: [2, 7, 6, 3], w: [3, 2, 3, 2], strides: [1, 1], pad: 'valid' },
  { name: '2d stride 2x3 same', x: [2, 9, 10, 2], w: [3, 3, 2, 3], strides: [2, 3], pad: 'same' },
  {
    name: '2d explicit pad',
    x: [1, 6, 6, 2],
    w: [3, 3, 2, 2],
    strides: [2, 1],
    pad: [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  },
];

describe('wasm Conv2DBackpropFilter', () => {
  it.each(cases)('matches the cpu backend gradients: $name', async ({ x, w, strides, pad }) => {
    const xs = seededArray(
      x.reduce((a, b) => a * b),
      1,
    );
    const ws = seededArray(
      w.reduce((a, b) => a * b),
      2,
    );
    await selectBackend('cpu');
    const cpu = convGradients(x, w, xs, ws, strides, pad);
    const selected = await selectBackend('wasm');
    expect(selected.name).toBe('wasm');
    const wasmGrads = convGradients(x, w, xs, ws, strides, pad);
    expectClose(wasmGrads.dw, cpu.dw);
    expectClose(wasmGrads.dx, cpu.dx);
  });
});

describe('wasm Conv3DBackpropInputV2 (replaced: the 4.22.0 kernel is wrong)', () => {
  it.each([
    ['same, kernel 3', [2, 4, 3, 5, 3], [3, 3, 3, 3, 2], 'same'],
    ['same, kernel 2 (asymmetric padding)', [1, 4, 4, 3, 2], [2, 2, 2, 2, 3], 'same'],
    ['valid', [2, 5, 4, 4, 2], [3, 2, 3, 2, 2], 'valid'],
  ] as const)('matches the cpu backend: %s', async (_name, xShape, wShape, pad) => {
    const xs = seededArray(
      xShape.reduce((a: number, b) => a * b, 1),
      5,
    );
    const ws = seededArray(
      wShape.reduce((a: number, b) => a * b, 1),
      6,
    );
    const dx = () =>
      tf.tidy(() => {
        const w = tf.tensor5d(ws, [...wShape]);
        const f = (x: tf.Tensor) => tf.sum(tf.sin(tf.conv3d(x as tf.Tensor5D, w, 1, pad))) as tf.Scalar;
        return tf
          .grad(f)(tf.tensor5d(xs, [...xShape]))
          .dataSync() as Float32Array;
      });
    await selectBackend('cpu');
    const cpu = dx();
    await selectBackend('wasm');
    expectClose(dx(), cpu);
  });
});

describe('whole-network gradients on wasm', () => {
  // Every kernel a training step needs (forward, backward) must exist on wasm and agree with cpu.
  const networks: Array<[string, NetworkConfig, CubeShape]> = [
    ['patch', { kind: 'patch', filters: [4, 6, 8], dense: 8, dropout: 0 }, { frames: 12, side: 3 }],
    ['unet3d', { kind: 'unet3d', filters: 2, dropout: 0 }, { frames: 4, side: 3 }],
  ];
  it.each(networks)('%s network', async (_name, config, shape) => {
    const inputs = seededArray(2 * shape.frames * (shape.side ** 3 + 1), 3);
    const gradients = () => {
      const net = createNetwork(config, shape, 4);
      const x = tf.tensor3d(inputs, [2, shape.frames, shape.side ** 3 + 1]);
      const vars = net.variables.map((v) => v.variable);
      const { grads } = tf.variableGrads(
        () => tf.mean(tf.square(tf.sub(net.apply(x), 0.5))) as tf.Scalar,
        vars,
      );
      const out = vars.map((v) => grads[v.name].dataSync() as Float32Array);
      net.dispose();
      return out;
    };
    await selectBackend('cpu');
    const cpu = gradients();
    await selectBackend('wasm');
    const wasmGrads = gradients();
    cpu.forEach((g, i) => {
      expectClose(wasmGrads[i], g);
    });
  });
});
