/**
 * Runs of the worker pool on the caller's own thread (one thread, or one chunk, needs no worker start-up):
 * chunk after chunk, yielding to the event loop between chunks so an abort or a heartbeat can get in.
 */

import type { PoolRun, PoolRunOptions } from './pool-run';
import { cancelled } from './pool-task-error';
import { POOL_TASKS, type PoolTaskInput, type PoolTaskName, type PoolTaskOutput } from './pool-tasks';

export async function runInline<N extends PoolTaskName>(
  run: PoolRun<N>,
  signal: AbortSignal | undefined,
): Promise<PoolTaskOutput<N>[]> {
  const task = POOL_TASKS[run.task] as (
    input: PoolTaskInput<N>,
    progress: (done: number) => void,
  ) => PoolTaskOutput<N> | Promise<PoolTaskOutput<N>>;
  while (run.hasWaitingChunks) {
    // Yield between chunks so an abort (or a heartbeat) can get in.
    await new Promise((r) => setImmediate(r));
    if (signal?.aborted) throw cancelled();
    const chunk = run.take();
    run.complete(chunk, await task(run.chunks[chunk], (done) => run.progress(chunk, done)));
  }
  return run.outputs;
}

/** A stream on this thread, one chunk after another, yielding to the event loop between chunks. */
export async function runStreamInline<N extends PoolTaskName>(
  task: N,
  source: AsyncIterable<PoolTaskInput<N>> | Iterable<PoolTaskInput<N>>,
  onOutput: (output: PoolTaskOutput<N>, index: number) => void | Promise<void>,
  options: Omit<PoolRunOptions, 'threads'>,
): Promise<number> {
  const run = POOL_TASKS[task] as (
    input: PoolTaskInput<N>,
    progress: (done: number) => void,
  ) => PoolTaskOutput<N> | Promise<PoolTaskOutput<N>>;
  let count = 0;
  let doneBefore = 0;
  for await (const chunk of source) {
    await new Promise((r) => setImmediate(r));
    if (options.signal?.aborted) throw cancelled();
    let done = 0;
    const output = await run(chunk, (d) => {
      done = d;
      options.onProgress?.(doneBefore + d);
    });
    doneBefore += done;
    await onOutput(output, count++);
  }
  return count;
}
