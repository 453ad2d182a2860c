import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../../perfusion/qtmnet/backend';
import { createNetwork } from '../../../../perfusion/qtmnet/create-network';
import { PARAMETER_SCALES } from '../../../../perfusion/qtmnet/parameter-scales';
import { matchProtocol } from '../../../../perfusion/qtmnet/protocol-match';
import { encodeWeights, loadNetwork, modelMetadata } from '../../../../perfusion/qtmnet/trained-model';
import { inferVolume } from '../../../../perfusion/qtmnet/volume-inference';
import { createSeededRandom } from '../../../../perfusion/random/seeded-random';
import { testBackend } from './test-backend';

// Training on a shared, loaded machine can be several times slower than on an idle one.
jest.setTimeout(60000);

const shape = { frames: 8, side: 3 };
const config = {
  kind: 'patch' as const,
  filters: [4, 4, 4] as [number, number, number],
  dense: 8,
  dropout: 0.3,
};

function volume(dims: [number, number, number]) {
  const rng = createSeededRandom(2);
  const n = dims[0] * dims[1] * dims[2];
  const concentration = Float32Array.from({ length: n * shape.frames }, () => rng.next());
  const mask = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : 1));
  return { dims, frames: shape.frames, concentration, mask };
}

beforeAll(async () => {
  await selectBackend(testBackend);
});

describe('inferVolume', () => {
  it('fills masked voxels with positive SI maps and MC-dropout spreads, independent of batch size', () => {
    const net = createNetwork(config, shape, 1);
    const vol = volume([4, 3, 2]);
    const tensors = tf.memory().numTensors;
    const a = inferVolume(net, vol, { batchSize: 5, mcSamples: 4, seed: 1 });
    expect(tf.memory().numTensors).toBe(tensors);
    const b = inferVolume(net, vol, { batchSize: 24, mcSamples: 0, seed: 1 });
    for (let i = 0; i < 24; i++) {
      if (vol.mask[i] === 0) {
        expect(a.maps.fp[i]).toBe(0);
        continue;
      }
      expect(a.maps.fp[i]).toBeGreaterThan(0);
      expect(a.maps.u[i]).toBeGreaterThan(PARAMETER_SCALES.u.low / 100);
      expect(a.uncertainty.vp[i]).toBeGreaterThan(0);
      expect(a.maps.ktrans[i]).toBeCloseTo((a.maps.fp[i] * a.maps.ps[i]) / (a.maps.fp[i] + a.maps.ps[i]), 8);
      expect(b.maps.ve[i]).toBeCloseTo(a.maps.ve[i], 5);
    }
    expect(b.uncertainty.vp.every((x) => x === 0)).toBe(true);
    expect(a.backend).toBe(testBackend);
  });

  it('round-trips a model through weights + metadata and refuses mixed-up weights', () => {
    const net = createNetwork(config, shape, 1);
    const weights = encodeWeights(net);
    const info = {
      protocol: { frames: 8, frameIntervalS: 5 },
      trainingDataHash: 'x',
      codeVersion: 'test',
      backend: { name: 'wasm', provider: 'wasm-simd' },
      training: { fingerprint: 'f', steps: 0, epochs: 0, seconds: 0, history: [] },
    };
    const meta = modelMetadata(net, weights, info);
    const vol = volume([3, 3, 1]);
    const again = loadNetwork(meta, weights);
    const opts = { batchSize: 4, mcSamples: 2, seed: 3 };
    expect(inferVolume(again, vol, opts)).toEqual(inferVolume(net, vol, opts));
    const other = encodeWeights(createNetwork(config, shape, 2));
    expect(() => loadNetwork(meta, other)).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }));
  });
});

describe('matchProtocol', () => {
  const model = { frames: 4, frameIntervalS: 2 };
  const conc = Float32Array.from([0, 10, 2, 12, 4, 14, 6, 16, 8, 18, 10, 20, 12, 22]); // 2 voxels x 7 frames, 1 s apart
  const times = [0, 1, 2, 3, 4, 5, 6];

  it('passes matching input through and refuses a different protocol unless asked to resample', () => {
    const same = new Float32Array(8);
    expect(matchProtocol(model, [0, 2, 4, 6], same, 2, false)).toBe(same);
    expect(() => matchProtocol(model, times, conc, 2, false)).toThrow(
      expect.objectContaining({ code: 'PROTOCOL_MISMATCH' }),
    );
    expect(Array.from(matchProtocol(model, times, conc, 2, true))).toEqual([0, 10, 4, 14, 8, 18, 12, 22]);
  });

  it('refuses to extrapolate past the acquisition', () => {
    expect(() => matchProtocol({ frames: 5, frameIntervalS: 2 }, times, conc, 2, true)).toThrow(
      /cannot resample/,
    );
  });
});
