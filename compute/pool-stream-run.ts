/**
 * One call of WorkerPool.runStream: chunks that arrive over time from a source (a file parsed while it is
 * read), read ahead only as far as the pool's threads can take, their outputs handed to `onOutput` strictly in
 * chunk order as soon as each and every earlier one is done. It settles once: with the chunk count when the
 * source is exhausted and every output handed on, or with the first failure (of a chunk, of the source, or
 * of `onOutput`), which also closes the source.
 */
import type { PoolTaskInput, PoolTaskName, PoolTaskOutput } from './pool-tasks';

export class StreamRun<N extends PoolTaskName = PoolTaskName> {
  readonly outputs: Promise<number>;
  private readonly source: AsyncIterator<PoolTaskInput<N>> | Iterator<PoolTaskInput<N>>;
  private readonly pending = new Map<number, PoolTaskInput<N>>();
  private readonly done = new Map<number, PoolTaskOutput<N>>();
  private readonly doneByChunk = new Map<number, number>();
  private doneTotal = 0;
  private read = 0;
  private handedOut = 0;
  private emitted = 0;
  private computing = 0;
  private sourceDone = false;
  private reading = false;
  private emitting = false;
  private settled = false;
  private resolve!: (count: number) => void;
  private reject!: (err: unknown) => void;

  constructor(
    readonly task: N,
    source: AsyncIterable<PoolTaskInput<N>> | Iterable<PoolTaskInput<N>>,
    private readonly onOutput: (output: PoolTaskOutput<N>, index: number) => void | Promise<void>,
    /** chunks kept read ahead of the threads (one per thread) */
    private readonly readAhead: number,
    /** called when chunks arrived, so the pool hands them out */
    private readonly wake: () => void,
    private readonly transferOf?: (input: PoolTaskInput<N>) => ArrayBuffer[],
    private readonly onProgress?: (unitsDone: number) => void,
  ) {
    this.source = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
    this.outputs = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    void this.pull();
  }

  get isSettled(): boolean {
    return this.settled;
  }

  get inFlight(): number {
    return this.computing;
  }

  get hasWaitingChunks(): boolean {
    return !this.settled && this.handedOut < this.read;
  }

  /** The next chunk's index, now in flight; reading goes on meanwhile, to keep `readAhead` chunks ready. */
  take(): number {
    this.computing++;
    const chunk = this.handedOut++;
    void this.pull();
    return chunk;
  }

  /** The chunk's input, no longer kept here once handed to a thread. */
  input(chunk: number): PoolTaskInput<N> {
    const value = this.pending.get(chunk) as PoolTaskInput<N>;
    this.pending.delete(chunk);
    return value;
  }

  /** Buffers of the chunk's input to move to the thread instead of copying. */
  transfer(input: PoolTaskInput<N>): ArrayBuffer[] {
    return this.transferOf?.(input) ?? [];
  }

  release(): void {
    this.computing--;
  }

  progress(chunk: number, done: number): void {
    if (this.settled) return;
    this.doneTotal += done - (this.doneByChunk.get(chunk) ?? 0);
    this.doneByChunk.set(chunk, done);
    this.onProgress?.(this.doneTotal);
  }

  complete(chunk: number, output: PoolTaskOutput<N>): void {
    this.release();
    if (this.settled) return;
    this.done.set(chunk, output);
    this.doneByChunk.delete(chunk);
    void this.emit();
    void this.pull();
  }

  fail(err: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.pending.clear();
    void this.source.return?.();
    this.reject(err);
  }

  private async pull(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      while (!this.settled && !this.sourceDone && this.read - this.handedOut < this.readAhead) {
        const next = await this.source.next();
        if (this.settled) return;
        if (next.done) this.sourceDone = true;
        else {
          this.pending.set(this.read++, next.value);
          this.wake();
        }
      }
    } catch (err) {
      this.fail(err);
    } finally {
      this.reading = false;
    }
    this.finishIfDone();
  }

  private async emit(): Promise<void> {
    if (this.emitting) return;
    this.emitting = true;
    try {
      while (!this.settled && this.done.has(this.emitted)) {
        const output = this.done.get(this.emitted) as PoolTaskOutput<N>;
        this.done.delete(this.emitted);
        await this.onOutput(output, this.emitted);
        this.emitted++;
      }
    } catch (err) {
      this.fail(err);
    } finally {
      this.emitting = false;
    }
    this.finishIfDone();
  }

  private finishIfDone(): void {
    if (this.settled || !this.sourceDone || this.emitting || this.emitted < this.read) return;
    this.settled = true;
    this.resolve(this.read);
  }
}
