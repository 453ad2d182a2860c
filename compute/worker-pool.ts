/**
 * Runs named perfusion tasks (compute/pool-tasks.ts) over chunks of input on worker threads, all cores by
 * default, with progress and cancellation. Chunks are handed out as workers free up, so uneven chunks still
 * balance; results come back in chunk order. A WorkerPool keeps its threads (and their warmed-up JIT) across
 * runs until closed; runPoolTask is the one-shot form. One thread runs inline (no worker start-up).
 * A task error (e.g. PerfusionInputError) is re-raised with its code; cancelling terminates the workers.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { POOL_TASKS, type PoolTaskInput, type PoolTaskName, type PoolTaskOutput } from './pool-tasks';
import type { ChunkReply, ChunkRequest } from './pool-worker';

export interface PoolRunOptions {
  /** Worker threads (default: all cores). 1 runs inline on this thread. */
  threads?: number;
  /** Called with the units done over all chunks (curves, voxels: as the task counts them). */
  onProgress?: (unitsDone: number) => void;
  /** Aborting rejects the run with code CANCELLED and terminates the workers. */
  signal?: AbortSignal;
  /** Use a worker thread even for one chunk, so the caller's event loop stays free (activity heartbeats). */
  offMainThread?: boolean;
}

/** An error re-raised from a worker or raised by the pool itself; keeps the task's stable code. */
export class PoolTaskError extends Error {
  constructor(
    readonly code: string,
    message: string,
    override readonly name = 'PoolTaskError',
  ) {
    super(message);
  }
}

/** Default thread count: every core the process may use. */
export function defaultThreadCount(): number {
  return availableParallelism();
}

/** A fixed set of worker threads reused across runs; one run at a time. Call close() when done. */
export class WorkerPool {
  private workers: Worker[] = [];

  constructor(readonly threads = defaultThreadCount()) {}

  async run<N extends PoolTaskName>(
    task: N,
    chunks: PoolTaskInput<N>[],
    options: Omit<PoolRunOptions, 'threads'> = {},
  ): Promise<PoolTaskOutput<N>[]> {
    const doneByChunk = new Float64Array(chunks.length);
    const report = (chunk: number, done: number) => {
      doneByChunk[chunk] = done;
      options.onProgress?.(doneByChunk.reduce((a, b) => a + b, 0));
    };
    if (options.signal?.aborted) throw cancelled();
    if (!options.offMainThread && (this.threads === 1 || chunks.length <= 1))
      return runInline(task, chunks, report, options.signal);
    while (this.workers.length < this.threads) this.workers.push(startWorker());
    const workers = this.workers.slice(0, Math.min(this.threads, chunks.length));
    const results: PoolTaskOutput<N>[] = new Array(chunks.length);
    let next = 0;
    let finished = 0;
    return new Promise((resolve, reject) => {
      const listeners = new Map<Worker, { message: (r: ChunkReply) => void; error: (e: Error) => void }>();
      const stop = (err: Error | null) => {
        options.signal?.removeEventListener('abort', onAbort);
        for (const [w, l] of listeners) {
          w.off('message', l.message);
          w.off('error', l.error);
        }
        // A failed or cancelled run may leave chunks running: drop those threads, start fresh ones next run.
        if (err) void this.close();
        if (err) reject(err);
        else resolve(results);
      };
      const onAbort = () => stop(cancelled());
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const dispatch = (worker: Worker) => {
        if (next >= chunks.length) return;
        const request: ChunkRequest = { id: next, task, input: chunks[next++] };
        worker.postMessage(request);
      };
      for (const worker of workers) {
        const message = (reply: ChunkReply) => {
          if (reply.kind === 'progress') report(reply.id, reply.done);
          else if (reply.kind === 'error') {
            const err = new PoolTaskError(reply.code ?? 'WORKER_TASK_FAILED', reply.message, reply.name);
            err.stack = reply.stack;
            stop(err);
          } else {
            results[reply.id] = reply.output as PoolTaskOutput<N>;
            if (++finished === chunks.length) stop(null);
            else dispatch(worker);
          }
        };
        const error = (err: Error) =>
          stop(new PoolTaskError('WORKER_CRASHED', `a worker thread failed: ${err.message}`));
        listeners.set(worker, { message, error });
        worker.on('message', message);
        worker.on('error', error);
        dispatch(worker);
      }
    });
  }

  /** Terminates the threads; a later run starts new ones. */
  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** One run on a pool of its own, closed afterwards. */
export async function runPoolTask<N extends PoolTaskName>(
  task: N,
  chunks: PoolTaskInput<N>[],
  options: PoolRunOptions = {},
): Promise<PoolTaskOutput<N>[]> {
  const pool = new WorkerPool(Math.max(1, Math.min(options.threads ?? defaultThreadCount(), chunks.length)));
  try {
    return await pool.run(task, chunks, options);
  } finally {
    await pool.close();
  }
}

async function runInline<N extends PoolTaskName>(
  task: N,
  chunks: PoolTaskInput<N>[],
  report: (chunk: number, done: number) => void,
  signal: AbortSignal | undefined,
): Promise<PoolTaskOutput<N>[]> {
  const run = POOL_TASKS[task] as (
    input: PoolTaskInput<N>,
    progress: (done: number) => void,
  ) => PoolTaskOutput<N>;
  const results: PoolTaskOutput<N>[] = [];
  for (let c = 0; c < chunks.length; c++) {
    // Yield between chunks so an abort (or a heartbeat) can get in.
    await new Promise((r) => setImmediate(r));
    if (signal?.aborted) throw cancelled();
    results.push(run(chunks[c], (done) => report(c, done)));
  }
  return results;
}

function cancelled(): PoolTaskError {
  return new PoolTaskError('CANCELLED', 'the computation was cancelled before it finished');
}

/**
 * Built JavaScript runs pool-worker.js directly. From TypeScript sources (jest, ts tooling) the worker
 * transpiles on load with @swc/core, which the project already uses to run its tests.
 */
function startWorker(): Worker {
  const entry = join(__dirname, `pool-worker${__filename.endsWith('.ts') ? '.ts' : '.js'}`);
  if (entry.endsWith('.js')) return new Worker(entry);
  const loader = `
    const fs = require('node:fs');
    const swc = require(${JSON.stringify(require.resolve('@swc/core'))});
    require.extensions['.ts'] = (m, filename) => {
      const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
        filename, jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' },
      });
      m._compile(code, filename);
    };
    require(${JSON.stringify(entry)});`;
  return new Worker(loader, { eval: true });
}
