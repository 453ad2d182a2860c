import * as path from 'node:path';
import { type InferenceRequest, inferOnPool } from '../../../compute/qtmnet-inference';
import { WorkerPool } from '../../../compute/worker-pool';
import { readModelFolder } from '../../../formats/model-folder';
import { readTrainConfig } from '../../../formats/training-config';
import { runTrain } from '../../../jobs/train-job';
import { type BackendName, selectBackend } from '../../../perfusion/qtmnet/backend';
import { createNetwork } from '../../../perfusion/qtmnet/create-network';
import type { VolumeInferenceResult } from '../../../perfusion/qtmnet/inferred-maps';
import { encodeWeights, loadNetwork, modelMetadata } from '../../../perfusion/qtmnet/trained-model';
import { inferVolume } from '../../../perfusion/qtmnet/volume-inference';
import { createSeededRandom } from '../../../perfusion/random/seeded-random';
import { writeTrainFixture } from '../jobs/train-fixture';

// Training on a shared, loaded machine can be several times slower than on an idle one.
jest.setTimeout(60000);

let request: InferenceRequest;

beforeAll(async () => {
  const config = await writeTrainFixture();
  const modelDir = path.join(path.dirname(config), 'model');
  await runTrain({ ...readTrainConfig(config), out: modelDir, log: () => undefined });
  const { metadata, weights } = await readModelFolder(modelDir);
  const dims: [number, number, number] = [6, 5, 4];
  const frames = metadata.protocol.frames;
  const rng = createSeededRandom(4);
  request = {
    metadata,
    weights,
    volume: {
      dims,
      frames,
      concentration: Float32Array.from({ length: 120 * frames }, () => rng.next()),
      mask: Uint8Array.from({ length: 120 }, (_, i) => (i % 7 === 3 ? 0 : 1)),
    },
    options: { batchSize: 7, mcSamples: 3, seed: 1 },
  };
});

/** What the per-inference worker thread computed before the pool ran inference: load, then infer. */
async function inferHere(backend: BackendName, r = request): Promise<VolumeInferenceResult> {
  await selectBackend(backend);
  const network = loadNetwork(r.metadata, r.weights);
  try {
    return inferVolume(network, r.volume, r.options);
  } finally {
    network.dispose();
  }
}

const arrays = (r: Pick<VolumeInferenceResult, 'maps' | 'uncertainty'>) =>
  Object.fromEntries(
    [
      ...Object.entries(r.maps),
      ...Object.entries(r.uncertainty).map(([k, v]) => [`${k}_sd`, v] as const),
    ].map(([k, v]) => [k, Array.from(v)]),
  );

describe('QTMnet inference on the worker pool', () => {
  it.each(['cpu', 'wasm'] as const)(
    'equals loading and inferring in one go (%s), and keeps the network warm for the next request',
    async (backend) => {
      const expected = arrays(await inferHere(backend));
      const pool = new WorkerPool(1);
      try {
        const progress: Array<[number, number]> = [];
        const first = await inferOnPool(
          { ...request, backend },
          { pool, onProgress: (done, total) => progress.push([done, total]) },
        );
        const second = await inferOnPool({ ...request, backend }, { pool });
        expect(first.backend.name).toBe(backend);
        expect([first.modelReused, second.modelReused]).toEqual([false, true]);
        expect(arrays(first)).toEqual(expected);
        expect(arrays(second)).toEqual(expected);
        const masked = request.volume.mask?.filter((m) => m !== 0).length;
        expect(progress.at(-1)).toEqual([masked, masked]);
        expect(pool.startedThreads).toBe(1);
      } finally {
        await pool.close();
      }
    },
  );

  it('runs a model trained on whole blocks (3D U-Net) on the whole volume', async () => {
    await selectBackend('wasm');
    const { dims, frames } = request.volume;
    const net = createNetwork({ kind: 'unet3d', filters: 2, dropout: 0.3 }, { frames, block: dims }, 1);
    const weights = encodeWeights(net);
    const { protocol, trainingDataHash, codeVersion, backend, training } = request.metadata;
    const metadata = modelMetadata(net, weights, {
      protocol,
      trainingDataHash,
      codeVersion,
      backend,
      training,
    });
    net.dispose();
    const unet: InferenceRequest = { ...request, metadata, weights, backend: 'wasm' };
    const progress: Array<[number, number]> = [];
    const result = await inferOnPool(unet, { onProgress: (done, total) => progress.push([done, total]) });
    expect(arrays(result)).toEqual(arrays(await inferHere('wasm', unet)));
    const masked = request.volume.mask?.filter((m) => m !== 0).length;
    expect(progress.at(-1)).toEqual([masked, masked]);
    expect(result.maps.fp.filter((f) => f > 0)).toHaveLength(masked as number);
  });

  it('does not let a warm network hide weights that no longer match their metadata', async () => {
    const pool = new WorkerPool(1);
    try {
      await inferOnPool({ ...request, backend: 'cpu' }, { pool });
      const weights = Uint8Array.from(request.weights);
      weights[weights.length - 1] ^= 1;
      await expect(inferOnPool({ ...request, weights, backend: 'cpu' }, { pool })).rejects.toMatchObject({
        code: 'INVALID_MODEL',
      });
    } finally {
      await pool.close();
    }
  });

  it('applies the input scale a model was trained with: the venous output divides the volume, and is required', async () => {
    const { metadata } = request;
    const scaled = {
      ...metadata,
      normalisation: {
        ...metadata.normalisation,
        inputScale: { kind: 'venous-output-area' as const, referenceAreaMmS: 400 },
      },
    };
    // Venous output of area 800 mM s over 0-100 s: factor 2, so the model sees half the concentration.
    const venousOutput = { tS: [0, 100], c: [8, 8] };
    const halved = { ...request.volume, concentration: request.volume.concentration.map((c) => c / 2) };
    const result = await inferOnPool({ ...request, metadata: scaled, venousOutput, backend: 'cpu' });
    expect(arrays(result)).toEqual(arrays(await inferHere('cpu', { ...request, volume: halved })));
    expect(arrays(result)).not.toEqual(arrays(await inferHere('cpu')));
    await expect(
      inferOnPool({ ...request, metadata: scaled, subject: 'subject folder s07', backend: 'cpu' }),
    ).rejects.toMatchObject({ code: 'VENOUS_OUTPUT_REQUIRED', message: expect.stringContaining('s07') });
  });

  it("re-raises the task's error with its code", async () => {
    const volume = { ...request.volume, frames: request.volume.frames - 1 };
    await expect(inferOnPool({ ...request, volume, backend: 'cpu' })).rejects.toMatchObject({
      code: 'PROTOCOL_MISMATCH',
      name: 'PerfusionInputError',
    });
  });

  it('stops mid-volume when aborted; the pool serves the next request on a fresh thread', async () => {
    const pool = new WorkerPool(1);
    try {
      const controller = new AbortController();
      let seen = 0;
      await expect(
        inferOnPool(
          { ...request, backend: 'cpu' },
          {
            pool,
            signal: controller.signal,
            onProgress: (done) => {
              seen = done;
              controller.abort();
            },
          },
        ),
      ).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(seen).toBe(7); // one batch
      const after = await inferOnPool({ ...request, backend: 'cpu' }, { pool });
      expect(after.modelReused).toBe(false);
      expect(pool.startedThreads).toBe(2);
      expect(arrays(after)).toEqual(arrays(await inferHere('cpu')));
    } finally {
      await pool.close();
    }
  });
});
