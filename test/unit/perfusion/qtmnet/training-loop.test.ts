import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../../perfusion/qtmnet/backend';
import type { TrainingState } from '../../../../perfusion/qtmnet/checkpoint';
import type { QtmNetwork } from '../../../../perfusion/qtmnet/network';
import { decodeBundle } from '../../../../perfusion/qtmnet/tensor-bundle';
import { type TrainingProgress, trainQtmnet } from '../../../../perfusion/qtmnet/training-loop';
import type { TrainingSettings } from '../../../../perfusion/qtmnet/training-settings';
import { arbitraryPatchSource, MemoryCheckpointStore } from './arbitrary-patch-source';
import { testBackend } from './test-backend';

// Training on a shared, loaded machine can be several times slower than on an idle one.
jest.setTimeout(60000);

const shape = { frames: 12, side: 3 };
const settings: TrainingSettings = {
  network: { kind: 'patch', filters: [4, 4, 4], dense: 8, dropout: 0.2 },
  epochs: 2,
  batchSize: 4,
  learningRate: 1e-2,
  seed: 11,
  validationFraction: 0.25,
  checkpointEverySteps: 2,
};
const source = () => arbitraryPatchSource(shape, 4, 5, 3);

function weights(network: QtmNetwork): Float32Array[] {
  return network.variables.map((v) => v.variable.dataSync() as Float32Array);
}

beforeAll(async () => {
  await selectBackend(testBackend);
});

describe('trainQtmnet', () => {
  it('is deterministic for a seed, reports progress and a validation loss per epoch', async () => {
    const progress: TrainingProgress[] = [];
    const a = await trainQtmnet({ settings, source: source(), onProgress: (p) => progress.push(p) });
    const b = await trainQtmnet({ settings, source: source() });
    expect(weights(a.network)).toEqual(weights(b.network));
    // 3 training subjects x 5 patches = 15 per epoch -> 4 batches of <= 4.
    expect(progress.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(
      progress.every((p) => Number.isFinite(p.loss) && p.samplesPerSecond > 0 && p.batchSize === 4),
    ).toBe(true);
    expect(a.state.history.map((h) => h.epoch)).toEqual([0, 1]);
    expect(a.backend).toBe(testBackend);
    expect(a.state.history.every((h) => Number.isFinite(h.validationLoss) && h.validationLoss > 0)).toBe(
      true,
    );
    const c = await trainQtmnet({ settings: { ...settings, seed: 12 }, source: source() });
    expect(weights(c.network)).not.toEqual(weights(a.network));
  });

  it('leaves no tensors behind once the trained network is disposed', async () => {
    const before = tf.memory().numTensors;
    const store = new MemoryCheckpointStore();
    (
      await trainQtmnet({ settings: { ...settings, epochs: 1 }, source: source(), checkpoints: store })
    ).network.dispose();
    // Resuming restores weights and Adam moments from the checkpoint.
    (await trainQtmnet({ settings, source: source(), checkpoints: store })).network.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resumes from the last checkpoint to bit-identical weights', async () => {
    const reference = await trainQtmnet({ settings, source: source() });
    const store = new MemoryCheckpointStore();
    const stop = new AbortController();
    await expect(
      trainQtmnet({
        settings,
        source: source(),
        checkpoints: store,
        signal: stop.signal,
        onProgress: (p) => p.step === 3 && stop.abort(),
      }),
    ).rejects.toMatchObject({ code: 'TRAINING_CANCELLED' });
    // Resume from step 2 (the checkpoint before the cancellation point) to exercise a mid-epoch data position.
    store.saved.pop();
    expect(store.saved.at(-1)?.step).toBe(2);
    const resumed = await trainQtmnet({ settings, source: source(), checkpoints: store });
    expect(resumed.resumedFromStep).toBe(2);
    expect(weights(resumed.network)).toEqual(weights(reference.network));
    expect(resumed.state.history).toEqual(reference.state.history);
  });

  it('refuses a corrupt or foreign checkpoint', async () => {
    const store = new MemoryCheckpointStore();
    await trainQtmnet({ settings: { ...settings, epochs: 1 }, source: source(), checkpoints: store });
    const good = store.saved.at(-1)?.bytes as Uint8Array;
    await expect(
      trainQtmnet({ settings: { ...settings, learningRate: 0.5 }, source: source(), checkpoints: store }),
    ).rejects.toMatchObject({
      code: 'CHECKPOINT_MISMATCH',
    });
    const corrupt = good.slice();
    corrupt[corrupt.length - 3] ^= 0x40;
    store.saved.push({ step: 99, bytes: corrupt });
    await expect(trainQtmnet({ settings, source: source(), checkpoints: store })).rejects.toMatchObject({
      code: 'CORRUPT_CHECKPOINT',
    });
    store.saved.push({ step: 100, bytes: good.slice(0, 100) });
    await expect(trainQtmnet({ settings, source: source(), checkpoints: store })).rejects.toMatchObject({
      code: 'CORRUPT_CHECKPOINT',
    });
  });

  it('halves the batch size on out-of-memory errors and records it in the checkpoint', async () => {
    const store = new MemoryCheckpointStore();
    const result = await trainQtmnet({
      settings: { ...settings, epochs: 1 },
      source: source(),
      checkpoints: store,
      beforeStep: (n) => {
        if (n > 1) throw new Error('Failed to allocate memory: out of memory');
      },
    });
    expect(result.state.batchSize).toBe(1);
    expect(result.state.outOfMemory).toEqual([
      { step: 0, fromBatchSize: 4, toBatchSize: 2 },
      { step: 0, fromBatchSize: 2, toBatchSize: 1 },
    ]);
    expect(result.state.step).toBe(15);
    const saved = decodeBundle<{ state: TrainingState }>('QTMCKPT1', store.saved[0].bytes, 'X', 'checkpoint');
    expect(saved.meta.state.batchSize).toBe(1);
    expect(saved.meta.state.outOfMemory).toHaveLength(2);
    const other = trainQtmnet({
      settings: { ...settings, epochs: 1 },
      source: source(),
      beforeStep: () => {
        throw new Error('shape mismatch');
      },
    });
    await expect(other).rejects.toThrow('shape mismatch');
  });
});
