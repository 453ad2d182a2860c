/**
 * Worker-thread body of QTMnet inference: selects the tfjs backend in this thread, loads the model and runs
 * perfusion/qtmnet/volume-inference, posting progress, so the caller's event loop (heartbeats, CLI progress,
 * cancellation) keeps running. Protocol: compute/qtmnet-inference.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../perfusion/qtmnet/backend';
import { loadNetwork } from '../perfusion/qtmnet/trained-model';
import { inferVolume } from '../perfusion/qtmnet/volume-inference';
import type { InferenceRequest, WorkerMessage } from './qtmnet-inference';

async function run(request: InferenceRequest): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('qtmnet-inference-worker must run in a worker thread');
  try {
    const backend = await selectBackend(request.backend);
    const network = loadNetwork(request.metadata, request.weights);
    const result = inferVolume(network, request.volume, {
      ...request.options,
      onProgress: (done, total) =>
        port.postMessage({ kind: 'progress', done, total } satisfies WorkerMessage),
    });
    const buffers = [...Object.values(result.maps), ...Object.values(result.uncertainty)].map(
      (a) => a.buffer as ArrayBuffer,
    );
    port.postMessage({ kind: 'done', result: { ...result, backend } } satisfies WorkerMessage, buffers);
  } catch (err) {
    const e = err as Error & { code?: string };
    port.postMessage({ kind: 'error', message: e.message, code: e.code } satisfies WorkerMessage);
  }
}

void run(workerData as InferenceRequest);
