/**
 * Runs named tasks (compute/pool-tasks.ts) over chunks of input on worker threads, all cores by default,
 * with progress and cancellation. A WorkerPool keeps its threads (their warmed-up JIT, a loaded network)
 * until closed and may serve several runs at once: their chunks queue, and each thread that frees up takes
 * a chunk of the run with the fewest chunks in flight, so concurrent runs share the threads fairly and none
 * waits for another to finish. Results come back in chunk order. The chunks may also arrive over time
 * (runStream: a file parsed and fitted while it is read), each output handed on in order as soon as it can
 * be. runPoolTask is the one-shot form. One
 * thread, or one chunk, runs inline (no worker start-up) unless `offMainThread` asks for a thread. A pool
 * whose caller has nothing else to do (a command line) may count the calling thread as one of its threads
 * (`callerComputes`): it then starts one worker fewer and computes streamed chunks itself between events,
 * taking chunks from the same queue as the workers, so the work is shared however fast each thread is ready.
 * A task error (e.g. PerfusionInputError) is re-raised with its code. A failed or cancelled run's chunks
 * still computing are stopped by terminating their threads; the pool starts fresh ones when needed, and
 * other runs go on undisturbed. Idle threads do not keep the process alive.
 */
import type { Worker } from 'node:worker_threads';
import { runInline, runStreamInline } from './pool-inline';
import { PoolRun, type PoolRunOptions } from './pool-run';
import { StreamRun } from './pool-stream-run';
import { cancelled, PoolTaskError } from './pool-task-error';
import { POOL_TASKS, type PoolTaskInput, type PoolTaskName, type PoolTaskOutput } from './pool-tasks';
import { defaultThreadCount, startPoolThread } from './pool-thread';
import type { ChunkReply, ChunkRequest } from './pool-worker';

/** Options of a streamed run (WorkerPool.runStream). */
export interface StreamRunOptions<N extends PoolTaskName> extends Omit<PoolRunOptions, 'threads'> {
  /** ArrayBuffers of a chunk's input to move to the worker instead of copying (this thread loses them). */
  transfer?: (input: PoolTaskInput<N>) => ArrayBuffer[];
}

type Job = PoolRun | StreamRun;

interface PoolJob {
  run: Job;
  chunk: number;
  id: number;
}

interface PoolThread {
  worker: Worker;
  /** Chunks sent and not yet answered, oldest first: one, or two of one stream when the caller computes. */
  jobs: PoolJob[];
}

export interface WorkerPoolOptions {
  /**
   * The calling thread is one of the `threads`: streamed chunks (runStream) are computed on it too, each
   * blocking its event loop while it runs, so only for a caller with nothing else to serve (a command line,
   * never a worker process's shared pool, whose heartbeats must get through).
   */
  callerComputes?: boolean;
}

/** A set of at most `threads` worker threads reused across runs, started as work needs them. Call close(). */
export class WorkerPool {
  private live: PoolThread[] = [];
  /** Runs with chunks still to hand out, oldest first. */
  private waiting: Job[] = [];
  private requests = 0;
  private started = 0;
  private readonly callerComputes: boolean;
  /** Worker threads at most: `threads`, less the caller when it computes. */
  private readonly workerLimit: number;
  /** A chunk is computing (or about to) on the calling thread. */
  private callerBusy = false;

  constructor(
    readonly threads = defaultThreadCount(),
    options: WorkerPoolOptions = {},
  ) {
    this.callerComputes = options.callerComputes ?? false;
    this.workerLimit = this.callerComputes ? threads - 1 : threads;
  }

  /**
   * Starts every worker thread now instead of when the first chunk arrives, so their start-up (Node's
   * bootstrap, loading the task code) overlaps what the caller does before it has chunks (reading a file).
   */
  startThreads(): void {
    while (this.startThread() !== undefined);
  }

  /** Threads started so far, replacements of stopped ones included. */
  get startedThreads(): number {
    return this.started;
  }

  async run<N extends PoolTaskName>(
    task: N,
    chunks: PoolTaskInput<N>[],
    options: Omit<PoolRunOptions, 'threads'> = {},
  ): Promise<PoolTaskOutput<N>[]> {
    const { signal } = options;
    if (signal?.aborted) throw cancelled();
    const run = new PoolRun(task, chunks, options.onProgress);
    if (!options.offMainThread && (this.threads === 1 || chunks.length <= 1)) return runInline(run, signal);
    return (await this.follow(run as PoolRun, signal)) as PoolTaskOutput<N>[];
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
    const { signal } = options;
    if (signal?.aborted) throw cancelled();
    if (!options.offMainThread && !this.callerComputes && this.threads === 1)
      return runStreamInline(task, source, onOutput, options);
    let run: StreamRun | undefined;
    const wake = () => {
      if (run && !run.isSettled && !this.waiting.includes(run)) this.waiting.push(run);
      this.pump();
    };
    run = new StreamRun(
      task,
      source,
      onOutput,
      this.threads,
      wake,
      options.transfer,
      options.onProgress,
    ) as StreamRun;
    return (await this.follow(run, signal)) as number;
  }

  /** Queues a run, ties its cancellation to `signal`, and waits for its outputs. */
  private async follow(run: Job, signal: AbortSignal | undefined): Promise<unknown> {
    const onAbort = () => this.fail(run, cancelled());
    signal?.addEventListener('abort', onAbort, { once: true });
    if (!this.waiting.includes(run)) this.waiting.push(run);
    this.pump();
    try {
      return await run.outputs;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Terminates the threads and fails the runs in progress with code POOL_CLOSED; a later run starts anew. */
  async close(): Promise<void> {
    const closed = new PoolTaskError(
      'POOL_CLOSED',
      'the worker pool was closed before the computation finished',
    );
    for (const run of this.waiting) run.fail(closed);
    for (const thread of this.live) for (const job of thread.jobs) job.run.fail(closed);
    const live = this.live;
    this.live = [];
    this.waiting = [];
    await Promise.all(live.map((t) => t.worker.terminate()));
  }

  /** Hands out chunks while a thread is idle (or may be started) and a run has chunks waiting. */
  private pump(): void {
    for (;;) {
      this.waiting = this.waiting.filter((r) => r.hasWaitingChunks);
      if (this.waiting.length === 0) return;
      const thread =
        this.live.find((t) => t.jobs.length === 0) ?? this.startThread() ?? this.queueingThread();
      if (thread === undefined) {
        this.callerTakes();
        return;
      }
      // Fewest chunks in flight first; the oldest run wins a tie. A thread with a chunk queued takes the same run.
      const run =
        thread.jobs[0]?.run ?? this.waiting.reduce((best, r) => (r.inFlight < best.inFlight ? r : best));
      const chunk = run.take();
      const job = { run, chunk, id: ++this.requests };
      thread.jobs.push(job);
      thread.worker.ref();
      const input = run.input(chunk);
      const request: ChunkRequest = { id: job.id, task: run.task, input };
      try {
        thread.worker.postMessage(request, run.transfer(input as never));
      } catch (err) {
        // Not structured-cloneable (a function, a class instance with private state): the thread never got it.
        thread.jobs.pop();
        if (thread.jobs.length === 0) thread.worker.unref();
        run.release();
        const why = `chunk ${chunk} of task ${run.task} cannot be sent to a worker thread (${(err as Error).message}); pass plain objects and typed arrays`;
        this.fail(run, new PoolTaskError('UNCLONEABLE_INPUT', why));
      }
    }
  }

  /**
   * When the caller computes, a worker busy with a stream's chunk is sent that stream's next one too, so it
   * starts on it as soon as it is done instead of waiting for the caller, whose thread is busy with a chunk of
   * its own, to hand it one.
   */
  private queueingThread(): PoolThread | undefined {
    if (!this.callerComputes) return undefined;
    return this.live.find(
      (t) => t.jobs.length === 1 && t.jobs[0].run instanceof StreamRun && t.jobs[0].run.hasWaitingChunks,
    );
  }

  /**
   * When the caller computes and is free, it takes the next chunk of a stream on its next turn of the event
   * loop (after the workers' replies that are in, which hand them their next chunks first).
   */
  private callerTakes(): void {
    if (!this.callerComputes || this.callerBusy) return;
    if (!this.waiting.some((r) => r instanceof StreamRun)) return;
    this.callerBusy = true;
    setImmediate(() => void this.callerStep());
  }

  private async callerStep(): Promise<void> {
    const run = this.waiting.find((r): r is StreamRun => r instanceof StreamRun && r.hasWaitingChunks);
    if (run === undefined) {
      this.callerBusy = false;
      return;
    }
    const chunk = run.take();
    const task = POOL_TASKS[run.task] as (input: unknown, progress: (done: number) => void) => unknown;
    try {
      const output = await task(run.input(chunk), (done) => run.progress(chunk, done));
      run.complete(chunk, output as PoolTaskOutput<PoolTaskName>);
    } catch (err) {
      run.release();
      this.fail(run, err as Error);
    } finally {
      this.callerBusy = false;
    }
    this.pump();
  }

  private startThread(): PoolThread | undefined {
    if (this.live.length >= this.workerLimit) return undefined;
    const thread: PoolThread = { worker: startPoolThread(), jobs: [] };
    this.started++;
    this.live.push(thread);
    thread.worker.on('message', (reply: ChunkReply) => this.onReply(thread, reply));
    thread.worker.on('error', (err) => this.onCrash(thread, `a worker thread failed: ${err.message}`));
    thread.worker.on('exit', (code) => this.onCrash(thread, `a worker thread exited with code ${code}`));
    return thread;
  }

  private onReply(thread: PoolThread, reply: ChunkReply): void {
    const job = thread.jobs.find((j) => j.id === reply.id);
    if (job === undefined) return;
    if (reply.kind === 'progress') {
      job.run.progress(job.chunk, reply.done);
      return;
    }
    thread.jobs = thread.jobs.filter((j) => j !== job);
    if (thread.jobs.length === 0) thread.worker.unref();
    if (reply.kind === 'error') {
      const err = new PoolTaskError(reply.code ?? 'WORKER_TASK_FAILED', reply.message, reply.name);
      err.stack = reply.stack;
      job.run.release();
      this.fail(job.run, err);
    } else job.run.complete(job.chunk, reply.output as PoolTaskOutput<PoolTaskName>);
    this.pump();
  }

  /** A thread died on its own (uncaught error, out of memory): its run fails, the thread is replaced on demand. */
  private onCrash(thread: PoolThread, message: string): void {
    if (!this.live.includes(thread)) return; // stopped by the pool itself
    const runs = new Set(thread.jobs.map((j) => j.run));
    this.drop(thread);
    for (const run of runs) this.fail(run, new PoolTaskError('WORKER_CRASHED', message));
    this.pump();
  }

  /** Fails a run and stops its chunks still computing, leaving other runs' chunks alone. */
  private fail(run: Job, err: Error): void {
    if (run.isSettled) return;
    run.fail(err);
    this.waiting = this.waiting.filter((r) => r !== run);
    for (const thread of this.live.filter((t) => t.jobs.some((j) => j.run === run))) this.drop(thread);
    this.pump();
  }

  private drop(thread: PoolThread): void {
    this.live = this.live.filter((t) => t !== thread);
    for (const job of thread.jobs) job.run.release();
    thread.jobs = [];
    void thread.worker.terminate();
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
