import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../../perfusion/qtmnet/backend';

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
  { name: '2d explicit pad', x: [1, 6, 6, 2], w: [3, 3, 2, 2], strides: [2, 1], pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
];

describe('wasm Conv2DBackpropFilter', () => {
  it.each(cases)('matches the cpu backend gradients: $name', async ({ x, w, strides, pad }) => {
    const xs = seededArray(x.reduce((a, b) => a * b), 1);
    const ws = seededArray(w.reduce((a, b) => a * b), 2);
    await selectBackend('cpu');
    const cpu = convGradients(x, w, xs, ws, strides, pad);
    const selected = await selectBackend('wasm');
    expect(selected.name).toBe('wasm');
    const wasmGrads = convGradients(x, w, xs, ws, strides, pad);
    expectClose(wasmGrads.dw, cpu.dw);
    expectClose(wasmGrads.dx, cpu.dx);
  });
});
