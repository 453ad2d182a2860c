/**
 * Curve and volume fitting split over the worker pool: the inputs are cut into chunks (several per thread,
 * so a slow chunk does not leave cores idle), fitted by perfusion/fit in the workers, and merged in order.
 */

import type { CurveToFit } from '../perfusion/fit/curve-batch';
import type { CurveFit } from '../perfusion/fit/curve-fitter';
import {
  gatherVoxelCurves,
  scatterVoxelFits,
  type VolumeFitInput,
  type VolumeFitResult,
  type VoxelBatchOutput,
} from '../perfusion/fit/volume-fit';
import type { PoolRunOptions } from './pool-run';
import type { PoolTaskInput, PoolTaskName, PoolTaskOutput } from './pool-tasks';
import { defaultThreadCount } from './pool-thread';
import { runPoolTask, type WorkerPool } from './worker-pool';

/** Pool options plus an optional long-lived pool (its thread count wins over `threads`). */
export interface FitPoolOptions extends PoolRunOptions {
  pool?: WorkerPool;
}

function run<N extends PoolTaskName>(
  task: N,
  chunks: PoolTaskInput<N>[],
  options: FitPoolOptions,
): Promise<PoolTaskOutput<N>[]> {
  return options.pool ? options.pool.run(task, chunks, options) : runPoolTask(task, chunks, options);
}

const CHUNKS_PER_THREAD = 4;

function chunkSize(items: number, threads: number, minimum: number): number {
  return Math.max(minimum, Math.ceil(items / (threads * CHUNKS_PER_THREAD)));
}

/** Fits `model` to every curve; progress counts curves. */
export async function fitCurvesOnPool(
  model: string,
  curves: CurveToFit[],
  fitDelay: boolean,
  options: FitPoolOptions = {},
): Promise<CurveFit[]> {
  const threads = options.pool?.threads ?? options.threads ?? defaultThreadCount();
  const size = chunkSize(curves.length, threads, 16);
  const chunks = [];
  for (let i = 0; i < curves.length; i += size)
    chunks.push({ model, curves: curves.slice(i, i + size), fitDelay });
  const outputs = await run('fitCurves', chunks, { ...options, threads });
  return outputs.flat();
}

/** Fits every masked voxel of a 4D volume; progress counts voxels. */
export async function fitVolumeOnPool(
  input: VolumeFitInput,
  options: FitPoolOptions = {},
): Promise<VolumeFitResult> {
  const threads = options.pool?.threads ?? options.threads ?? defaultThreadCount();
  const { indices, curves } = gatherVoxelCurves(input);
  const nt = input.t.length;
  const size = chunkSize(indices.length, threads, 64);
  const chunks = [];
  for (let k = 0; k < indices.length; k += size) {
    const curvesChunk = curves.slice(k * nt, Math.min(indices.length, k + size) * nt);
    chunks.push({
      model: input.model,
      curves: curvesChunk,
      t: input.t,
      ta: input.ta,
      ca: input.ca,
      fitDelay: input.fitDelay,
    });
  }
  const outputs = await run('fitVoxels', chunks, { ...options, threads });
  return scatterVoxelFits(input, indices, concatenate(outputs, indices.length));
}

function concatenate(parts: VoxelBatchOutput[], m: number): VoxelBatchOutput {
  const p =
    parts.length > 0 && parts[0].status.length > 0 ? parts[0].params.length / parts[0].status.length : 0;
  const merged: VoxelBatchOutput = {
    params: new Float64Array(m * p),
    delayS: new Float64Array(m),
    rmse: new Float64Array(m),
    status: new Uint8Array(m),
  };
  let k = 0;
  for (const part of parts) {
    merged.params.set(part.params, k * p);
    merged.delayS.set(part.delayS, k);
    merged.rmse.set(part.rmse, k);
    merged.status.set(part.status, k);
    k += part.status.length;
  }
  return merged;
}
