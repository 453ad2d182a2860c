/**
 * One call of WorkerPool.run: its chunks, how many are handed out and in flight, their outputs in chunk
 * order, and progress summed over the chunks. It settles once: resolved when every output is in, rejected
 * by the first failure (later outputs and failures of the same run are ignored).
 */
import type { PoolTaskInput, PoolTaskName, PoolTaskOutput } from './pool-tasks';

/** Options of a run (WorkerPool.run, runPoolTask). */
export interface PoolRunOptions {
  /** Worker threads (default: all cores). 1 runs inline on this thread. */
  threads?: number;
  /** Called with the units done over all chunks (curves, voxels: as the task counts them). */
  onProgress?: (unitsDone: number) => void;
  /** Aborting rejects the run with code CANCELLED and stops its chunks. */
  signal?: AbortSignal;
  /** Use a worker thread even for one chunk, so the caller's event loop stays free (activity heartbeats). */
  offMainThread?: boolean;
}

export class PoolRun<N extends PoolTaskName = PoolTaskName> {
  readonly outputs: Promise<PoolTaskOutput<N>[]>;
  private computing = 0;
  private handedOut = 0;
  private finished = 0;
  private settled = false;
  private readonly results: PoolTaskOutput<N>[];
  private readonly doneByChunk: Float64Array;
  private doneTotal = 0;
  private resolve!: (outputs: PoolTaskOutput<N>[]) => void;
  private reject!: (err: Error) => void;

  constructor(
    readonly task: N,
    readonly chunks: PoolTaskInput<N>[],
    private readonly onProgress?: (unitsDone: number) => void,
  ) {
    this.results = new Array(chunks.length);
    this.doneByChunk = new Float64Array(chunks.length);
    this.outputs = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    if (chunks.length === 0) this.settle(null);
  }

  get isSettled(): boolean {
    return this.settled;
  }

  /** Chunks being computed now. */
  get inFlight(): number {
    return this.computing;
  }

  /** Whether chunks are left to hand out. */
  get hasWaitingChunks(): boolean {
    return !this.settled && this.handedOut < this.chunks.length;
  }

  /** The next chunk's index, now counted in flight. */
  take(): number {
    this.computing++;
    return this.handedOut++;
  }

  /** The chunk's input. */
  input(chunk: number): PoolTaskInput<N> {
    return this.chunks[chunk];
  }

  /** A fixed run copies its inputs (the caller keeps them). */
  transfer(): ArrayBuffer[] {
    return [];
  }

  /** A chunk in flight will not report (its thread failed or was stopped). */
  release(): void {
    this.computing--;
  }

  progress(chunk: number, done: number): void {
    if (this.settled) return;
    this.doneTotal += done - this.doneByChunk[chunk];
    this.doneByChunk[chunk] = done;
    this.onProgress?.(this.doneTotal);
  }

  complete(chunk: number, output: PoolTaskOutput<N>): void {
    this.release();
    if (this.settled) return;
    this.results[chunk] = output;
    if (++this.finished === this.chunks.length) this.settle(null);
  }

  fail(err: Error): void {
    if (!this.settled) this.settle(err);
  }

  private settle(err: Error | null): void {
    this.settled = true;
    if (err) this.reject(err);
    else this.resolve(this.results);
  }
}
