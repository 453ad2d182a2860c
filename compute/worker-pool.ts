/**
 * Runs named perfusion tasks (compute/pool-tasks.ts) over chunks of input on worker threads, all cores by
 * default, with progress and cancellation. Chunks are handed out as workers free up, so uneven chunks still
 * balance; results come back in chunk order. The chunks may also arrive over time (runStream: a file parsed
 * and fitted while it is read), each output handed on in order as soon as it can be. A WorkerPool keeps its threads (and their warmed-up JIT) across
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

/** Options of a streamed run (WorkerPool.runStream). */
export interface StreamRunOptions<N extends PoolTaskName> extends Omit<PoolRunOptions, 'threads'> {
  /** ArrayBuffers of a chunk's input to move to the worker instead of copying (this thread loses them). */
  transfer?: (input: PoolTaskInput<N>) => ArrayBuffer[];
}

/** A fixed set of worker threads reused across runs; one run at a time. Call close() when done. */
export class WorkerPool {
  private workers: Worker[] = [];

  constructor(readonly threads = defaultThreadCount()) {}

  /** Runs `task` on every chunk; the outputs come back in chunk order. */
  async run<N extends PoolTaskName>(
    task: N,
    chunks: PoolTaskInput<N>[],
    options: Omit<PoolRunOptions, 'threads'> = {},
  ): Promise<PoolTaskOutput<N>[]> {
    const results: PoolTaskOutput<N>[] = new Array(chunks.length);
    const keep = (output: PoolTaskOutput<N>, index: number) => {
      results[index] = output;
    };
    const inline = !options.offMainThread && (this.threads === 1 || chunks.length <= 1);
    await (inline ? runInline(task, chunks, keep, options) : this.runOnWorkers(task, chunks, keep, options));
    return results;
  }

  /**
   * Runs `task` on chunks that `source` yields over time (e.g. as a file is read), reading ahead only as far
   * as the threads can take, and hands each output to `onOutput` in chunk order as soon as it and every
   * earlier chunk are done (awaited, one at a time). Resolves with the number of chunks.
   */
  async runStream<N extends PoolTaskName>(
    task: N,
    source: AsyncIterable<PoolTaskInput<N>> | Iterable<PoolTaskInput<N>>,
    onOutput: (output: PoolTaskOutput<N>, index: number) => void | Promise<void>,
    options: StreamRunOptions<N> = {},
  ): Promise<number> {
    const inline = !options.offMainThread && this.threads === 1;
    return inline
      ? runInline(task, source, onOutput, options)
      : this.runOnWorkers(task, source, onOutput, options);
  }

  private runOnWorkers<N extends PoolTaskName>(
    task: N,
    source: AsyncIterable<PoolTaskInput<N>> | Iterable<PoolTaskInput<N>>,
    onOutput: (output: PoolTaskOutput<N>, index: number) => void | Promise<void>,
    options: StreamRunOptions<N>,
  ): Promise<number> {
    if (options.signal?.aborted) return Promise.reject(cancelled());
    while (this.workers.length < this.threads) this.workers.push(startWorker());
    const input: AsyncIterator<PoolTaskInput<N>> | Iterator<PoolTaskInput<N>> =
      Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
    const progress = progressCounter(options.onProgress);
    const idle = [...this.workers];
    const ready: PoolTaskInput<N>[] = [];
    const outputs = new Map<number, PoolTaskOutput<N>>();
    let sent = 0; // chunks posted to a worker (ids 0 .. sent - 1)
    let read = 0; // chunks taken from the source
    let emitted = 0; // outputs handed to onOutput
    let sourceDone = false;
    let reading = false;
    let emitting = false;
    let stopped = false;
    return new Promise((resolve, reject) => {
      const listeners = new Map<Worker, { message: (r: ChunkReply) => void; error: (e: Error) => void }>();
      const stop = (err: unknown) => {
        if (stopped) return;
        stopped = true;
        options.signal?.removeEventListener('abort', onAbort);
        for (const [w, l] of listeners) {
          w.off('message', l.message);
          w.off('error', l.error);
        }
        if (err) {
          // A failed or cancelled run may leave chunks running: drop those threads, start fresh ones next run.
          void this.close();
          void input.return?.();
          reject(err);
        } else resolve(read);
      };
      const onAbort = () => stop(cancelled());
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const finishIfDone = () => {
        if (sourceDone && emitted === read && !emitting) stop(null);
      };
      const dispatch = () => {
        while (!stopped && idle.length > 0 && ready.length > 0) {
          const worker = idle.shift() as Worker;
          const chunk = ready.shift() as PoolTaskInput<N>;
          const request: ChunkRequest = { id: sent++, task, input: chunk };
          worker.postMessage(request, options.transfer?.(chunk) ?? []);
        }
        void pull();
      };
      // Keeps up to one chunk per thread read ahead, so a thread that frees up finds work waiting.
      const pull = async () => {
        if (reading || sourceDone || stopped) return;
        reading = true;
        try {
          while (!stopped && !sourceDone && ready.length < this.threads) {
            const next = await input.next();
            if (next.done) sourceDone = true;
            else {
              ready.push(next.value);
              read++;
              dispatch();
            }
          }
        } catch (err) {
          stop(err);
        } finally {
          reading = false;
        }
        finishIfDone();
      };
      const emit = async () => {
        if (emitting) return;
        emitting = true;
        try {
          while (!stopped && outputs.has(emitted)) {
            const output = outputs.get(emitted) as PoolTaskOutput<N>;
            outputs.delete(emitted);
            await onOutput(output, emitted);
            emitted++;
          }
        } catch (err) {
          stop(err);
        } finally {
          emitting = false;
        }
        finishIfDone();
      };
      for (const worker of this.workers) {
        const message = (reply: ChunkReply) => {
          if (reply.kind === 'progress') progress(reply.id, reply.done);
          else if (reply.kind === 'error') {
            const err = new PoolTaskError(reply.code ?? 'WORKER_TASK_FAILED', reply.message, reply.name);
            err.stack = reply.stack;
            stop(err);
          } else {
            outputs.set(reply.id, reply.output as PoolTaskOutput<N>);
            idle.push(worker);
            dispatch();
            void emit();
          }
        };
        const error = (err: Error) =>
          stop(new PoolTaskError('WORKER_CRASHED', `a worker thread failed: ${err.message}`));
        listeners.set(worker, { message, error });
        worker.on('message', message);
        worker.on('error', error);
      }
      void pull();
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

/** Runs the chunks one after another on this thread, yielding to the event loop between chunks. */
async function runInline<N extends PoolTaskName>(
  task: N,
  source: AsyncIterable<PoolTaskInput<N>> | Iterable<PoolTaskInput<N>>,
  onOutput: (output: PoolTaskOutput<N>, index: number) => void | Promise<void>,
  options: Omit<PoolRunOptions, 'threads'>,
): Promise<number> {
  const run = POOL_TASKS[task] as (
    input: PoolTaskInput<N>,
    progress: (done: number) => void,
  ) => PoolTaskOutput<N>;
  const progress = progressCounter(options.onProgress);
  if (options.signal?.aborted) throw cancelled();
  let c = 0;
  for await (const chunk of source) {
    // Yield between chunks so an abort (or a heartbeat) can get in.
    await new Promise((r) => setImmediate(r));
    if (options.signal?.aborted) throw cancelled();
    const id = c++;
    await onOutput(
      run(chunk, (done) => progress(id, done)),
      id,
    );
  }
  return c;
}

/** Sums the units done over all chunks from each chunk's own count, for onProgress. */
function progressCounter(onProgress: ((unitsDone: number) => void) | undefined) {
  const doneByChunk: number[] = [];
  let total = 0;
  return (chunk: number, done: number) => {
    total += done - (doneByChunk[chunk] ?? 0);
    doneByChunk[chunk] = done;
    onProgress?.(total);
  };
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
