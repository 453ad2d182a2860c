import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../../perfusion/qtmnet/backend';
import { createNetwork } from '../../../../perfusion/qtmnet/create-network';
import type { ParameterMaps } from '../../../../perfusion/qtmnet/inferred-maps';
import type { UNet3dConfig } from '../../../../perfusion/qtmnet/network';
import {
  decodeParameter,
  ktransFromFlowAndPermeability,
  QTM_PARAMETERS,
} from '../../../../perfusion/qtmnet/parameter-scales';
import { samplesFromSimulatedPatch } from '../../../../perfusion/qtmnet/simulator-samples';
import { inferVolume } from '../../../../perfusion/qtmnet/volume-inference';
import { createSeededRandom } from '../../../../perfusion/random/seeded-random';
import type { TrainingPatch } from '../../../../perfusion/simulate/training-patch';
import { testBackend } from './test-backend';

jest.setTimeout(60000);

const block: [number, number, number] = [8, 8, 4];
const shape = { frames: 6, block };
const nvox = 8 * 8 * 4;
const config: UNet3dConfig = { kind: 'unet3d', filters: 3, dropout: 0.3 };
const mask = Uint8Array.from({ length: nvox }, (_, i) => (i % 5 === 2 ? 0 : 1));

/** A simulated whole-grid patch as the simulator gives it (time fastest), every voxel's curve different. */
function simulatedSubject(): TrainingPatch {
  const rng = createSeededRandom(9);
  const nt = shape.frames;
  const zeros = () => new Float32Array(nvox);
  return {
    size: block,
    frameTimesS: Float64Array.from({ length: nt }, (_, t) => 5 * t),
    concentration: Float32Array.from({ length: nvox * nt }, (_, j) => (j % nt) * 0.1 + 2 * rng.next()),
    truth: {
      speedMmS: zeros(),
      fpPerS: zeros(),
      psPerS: zeros(),
      vp: zeros(),
      ve: zeros(),
      ktransPerS: zeros(),
      label: new Uint8Array(nvox),
    },
    voxelSizeMm: [1, 1, 2],
    grade: 'lgg',
    subjectSeed: 1,
    origin: [0, 0, 0],
  };
}

/** The same subject as a 4D volume: x fastest, then y, z, t (NIfTI order). */
function volumeOf(patch: TrainingPatch, dims = block) {
  const nt = shape.frames;
  const concentration = Float32Array.from(
    { length: nvox * nt },
    (_, j) => patch.concentration[(j % nvox) * nt + Math.floor(j / nvox)],
  );
  return { dims, frames: nt, concentration, mask };
}

/** Maps from a forward pass on the training sample, normalised and decoded here by hand. */
function expectedMaps(net: ReturnType<typeof createNetwork>, patch: TrainingPatch): number[][] {
  const [sample] = samplesFromSimulatedPatch(patch, shape);
  const scale = sample.concentration.reduce((m, c) => Math.max(m, Math.abs(c)), 1e-4);
  const input = new Float32Array(shape.frames * (nvox + 1));
  for (let t = 0; t < shape.frames; t++) {
    for (let v = 0; v < nvox; v++) input[t * (nvox + 1) + v] = sample.concentration[t * nvox + v] / scale;
    input[t * (nvox + 1) + nvox] = Math.log(scale);
  }
  const z = tf.tidy(() => net.apply(tf.tensor3d(input, [1, shape.frames, nvox + 1])).dataSync());
  return Array.from({ length: nvox }, (_, v) => {
    if (mask[v] === 0) return [0, 0, 0, 0, 0, 0];
    const p = QTM_PARAMETERS.map((name, j) => decodeParameter(name, z[v * 5 + j]));
    return [...p, ktransFromFlowAndPermeability(p[1], p[2])].map(Math.fround);
  });
}

const rows = (maps: ParameterMaps) =>
  Array.from({ length: nvox }, (_, v) => [...QTM_PARAMETERS, 'ktrans' as const].map((k) => maps[k][v]));

beforeAll(async () => {
  await selectBackend(testBackend);
});

describe('inferVolume with a model trained on whole blocks (3D U-Net)', () => {
  it('equals a forward pass on the training sample of the same subject, decoded, 0 outside the mask', () => {
    const net = createNetwork(config, shape, 1);
    const patch = simulatedSubject();
    const tensors = tf.memory().numTensors;
    const progress: Array<[number, number]> = [];
    const result = inferVolume(net, volumeOf(patch), {
      batchSize: 16,
      mcSamples: 0,
      seed: 1,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(result.backend).toBe(testBackend);
    expect(result.maps.fp).toHaveLength(nvox);
    const got = rows(result.maps);
    const want = expectedMaps(net, patch);
    const masked = mask.filter((m) => m !== 0).length;
    for (let v = 0; v < nvox; v++) {
      if (mask[v] !== 0) expect(got[v].every((a) => Number.isFinite(a) && a > 0)).toBe(true);
      got[v].forEach((a, j) => {
        expect(Math.abs(a - want[v][j])).toBeLessThanOrEqual(1e-6 * Math.abs(want[v][j]));
      });
    }
    expect(progress).toEqual([[masked, masked]]);
    net.dispose();
  });

  it('gives MC-dropout spreads that depend only on the seed, the maps unchanged', () => {
    const net = createNetwork(config, shape, 2);
    const vol = volumeOf(simulatedSubject());
    const progress: number[] = [];
    const opts = { batchSize: 1, mcSamples: 4, seed: 5 };
    const a = inferVolume(net, vol, { ...opts, onProgress: (done) => progress.push(done) });
    const again = inferVolume(net, vol, opts);
    const other = inferVolume(net, vol, { ...opts, seed: 6 });
    const none = inferVolume(net, vol, { ...opts, mcSamples: 0 });
    expect(again).toEqual(a);
    expect(none.maps).toEqual(a.maps);
    expect(other.maps).toEqual(a.maps);
    expect(Array.from(none.uncertainty.vp).every((s) => s === 0)).toBe(true);
    // Outside the mask none; inside nearly every voxel (one whose units dropout cannot reach has none).
    for (const k of ['vp', 'ktrans'] as const) {
      const spread = (inMask: boolean) =>
        Array.from(a.uncertainty[k]).filter((s, v) => s > 0 && (mask[v] !== 0) === inMask).length;
      expect(spread(false)).toBe(0);
      expect(spread(true)).toBeGreaterThan(0.9 * mask.filter((m) => m !== 0).length);
    }
    expect(other.uncertainty.vp).not.toEqual(a.uncertainty.vp);
    expect(progress).toHaveLength(5); // the plain pass, then each MC pass
    expect(progress.at(-1)).toBe(mask.filter((m) => m !== 0).length);
    net.dispose();
  });

  it('refuses a volume whose grid is not the training block, naming both', () => {
    const net = createNetwork(config, shape, 1);
    const vol = { ...volumeOf(simulatedSubject()), dims: [8, 4, 8] as [number, number, number] };
    expect(() => inferVolume(net, vol, { batchSize: 1, mcSamples: 0, seed: 1 })).toThrow(
      expect.objectContaining({
        code: 'GRID_MISMATCH',
        name: 'PerfusionInputError',
        message: expect.stringMatching(/8x8x4 blocks.*the volume is 8x4x8.*training grid/),
      }),
    );
    net.dispose();
  });
});
