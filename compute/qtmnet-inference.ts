/**
 * QTMnet inference on the worker pool (task inferQtmnet, compute/qtmnet-inference-task.ts), so the caller's
 * event loop (activity heartbeats, CLI progress, cancellation) keeps running. On a long-lived pool (a worker
 * process's shared pool) threads keep the network loaded between subjects; without one it runs on a
 * one-shot pool of one thread.
 */
import { prepareTensorflowEnvironment } from '../perfusion/qtmnet/tensorflow-library';
import type { InferenceRequest, InferenceTaskOutput } from './qtmnet-inference-task';
import { runPoolTask, type WorkerPool } from './worker-pool';

export type { InferenceRequest } from './qtmnet-inference-task';
export type InferenceResult = InferenceTaskOutput;

export interface InferenceRunOptions {
  /** A long-lived pool to run on; a one-shot pool when absent. */
  pool?: WorkerPool;
  /** Aborting rejects with code CANCELLED and stops the thread. */
  signal?: AbortSignal;
  /** Voxels done and voxels to do (the mask's voxels, or all). */
  onProgress?: (done: number, total: number) => void;
}

export async function inferOnPool(
  request: InferenceRequest,
  options: InferenceRunOptions = {},
): Promise<InferenceResult> {
  // Worker threads get a copy of process.env; TensorFlow's library reads the real one, so it is set here.
  prepareTensorflowEnvironment();
  const { dims, mask } = request.volume;
  let total = dims[0] * dims[1] * dims[2];
  if (mask !== undefined) total = mask.reduce((n, m) => n + (m !== 0 ? 1 : 0), 0);
  const { onProgress } = options;
  const run = {
    offMainThread: true,
    signal: options.signal,
    onProgress: onProgress && ((done: number) => onProgress(done, total)),
  };
  const [result] = options.pool
    ? await options.pool.run('inferQtmnet', [request], run)
    : await runPoolTask('inferQtmnet', [request], run);
  return result;
}
