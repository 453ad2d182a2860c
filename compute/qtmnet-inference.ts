/**
 * Runs QTMnet inference on a worker thread. From compiled JavaScript (dist/) the worker is the sibling .js
 * file; from TypeScript sources (tests, development) the worker compiles itself with @swc/core, a dev
 * dependency, since Node cannot load .ts files.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PerfusionInputError } from '../perfusion/errors';
import type { BackendName, SelectedBackend } from '../perfusion/qtmnet/backend';
import { prepareTensorflowEnvironment } from '../perfusion/qtmnet/tensorflow-library';
import type { ModelMetadata } from '../perfusion/qtmnet/trained-model';
import type {
  ConcentrationVolume,
  VolumeInferenceOptions,
  VolumeInferenceResult,
} from '../perfusion/qtmnet/volume-inference';

export interface InferenceRequest {
  metadata: ModelMetadata;
  weights: Uint8Array;
  volume: ConcentrationVolume;
  options: Omit<VolumeInferenceOptions, 'onProgress'>;
  /** Forced backend (QTM_TF_BACKEND); automatic when absent. */
  backend?: BackendName;
}

/** The worker reports the backend it selected, with its provider. */
export type InferenceResult = Omit<VolumeInferenceResult, 'backend'> & { backend: SelectedBackend };

export type WorkerMessage =
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'done'; result: InferenceResult }
  | { kind: 'error'; message: string; code?: string };

const TS_BOOTSTRAP = `
const fs = require('node:fs');
const swc = require('@swc/core');
require.extensions['.ts'] = (m, f) => m._compile(swc.transformSync(fs.readFileSync(f, 'utf8'), {
  filename: f, module: { type: 'commonjs' }, jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }).code, f);
require(require('node:worker_threads').workerData.__entry);
`;

export function inferInWorker(
  request: InferenceRequest,
  onProgress?: (done: number, total: number) => void,
): Promise<InferenceResult> {
  // A worker thread's process.env is a copy: TensorFlow's library (loaded there) reads the real one.
  prepareTensorflowEnvironment();
  const fromSource = path.extname(__filename) === '.ts';
  const entry = path.join(__dirname, `qtmnet-inference-worker${path.extname(__filename)}`);
  const worker = fromSource
    ? new Worker(TS_BOOTSTRAP, { eval: true, workerData: { ...request, __entry: entry } })
    : new Worker(entry, { workerData: request });
  return new Promise((resolve, reject) => {
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'progress') onProgress?.(m.done, m.total);
      else {
        void worker.terminate();
        if (m.kind === 'done') resolve(m.result);
        else reject(m.code === undefined ? new Error(m.message) : new PerfusionInputError(m.code, m.message));
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) =>
      reject(new Error(`QTMnet inference worker exited with code ${code} before answering`)),
    );
  });
}
