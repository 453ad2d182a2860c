/**
 * A position in one pass over a subject subset of a PatchSource. For training the pass is shuffled per epoch
 * (shard order, then patches within a shard) from the run seed, so the data order is a pure function of
 * (seed, epoch) and a cursor reopened at the same sample offset continues with exactly the same patches.
 * Only the current shard is held in memory; whole shards before the offset are skipped from their counts.
 */
import { checkPatch, type PatchSample } from './patch-layout';
import { derivedSeed, type PatchSource, seededPermutation } from './patch-source';

export interface PassOrder {
  /** Run seed and epoch for a shuffled (training) pass; absent for a stored-order (validation) pass. */
  seed?: number;
  epoch?: number;
}

export class PatchCursor {
  private pending: PatchSample[] = [];
  private nextShard = 0;

  private constructor(
    private readonly source: PatchSource,
    private readonly subjects: ReadonlySet<string>,
    private readonly order: PassOrder,
    private readonly shardOrder: number[],
    /** Samples of this pass already consumed. */
    public position: number,
  ) {}

  /** Opens a pass over the patches of `subjects`, positioned `start` samples in. */
  static async open(
    source: PatchSource,
    subjects: ReadonlySet<string>,
    order: PassOrder,
    start = 0,
  ): Promise<PatchCursor> {
    const eligible = source.shards.map((_, i) => i).filter((i) => countIn(source, i, subjects) > 0);
    const shardOrder =
      order.seed === undefined
        ? eligible
        : seededPermutation(eligible.length, derivedSeed(order.seed, 1, order.epoch ?? 0)).map(
            (k) => eligible[k],
          );
    const cursor = new PatchCursor(source, subjects, order, shardOrder, start);
    let skip = start;
    while (
      cursor.nextShard < shardOrder.length &&
      countIn(source, shardOrder[cursor.nextShard], subjects) <= skip
    ) {
      skip -= countIn(source, shardOrder[cursor.nextShard], subjects);
      cursor.nextShard += 1;
    }
    if (skip > 0) {
      await cursor.loadNextShard();
      cursor.pending = cursor.pending.slice(skip);
    }
    return cursor;
  }

  /** The next up to `n` patches (fewer at the end of the pass, none after it). */
  async take(n: number): Promise<PatchSample[]> {
    const out: PatchSample[] = [];
    while (out.length < n) {
      if (this.pending.length === 0) {
        if (this.nextShard >= this.shardOrder.length) break;
        await this.loadNextShard();
      }
      const k = Math.min(n - out.length, this.pending.length);
      out.push(...this.pending.slice(0, k));
      this.pending = this.pending.slice(k);
    }
    this.position += out.length;
    return out;
  }

  private async loadNextShard(): Promise<void> {
    const index = this.shardOrder[this.nextShard];
    this.nextShard += 1;
    const patches = (await this.source.readShard(index)).filter((p) => this.subjects.has(p.subject));
    patches.forEach((p, i) => {
      checkPatch(this.source.shape, p, `shard ${index}, patch ${i}`);
    });
    if (this.order.seed === undefined) {
      this.pending = patches;
    } else {
      const perm = seededPermutation(
        patches.length,
        derivedSeed(this.order.seed, 2, this.order.epoch ?? 0, index),
      );
      this.pending = perm.map((i) => patches[i]);
    }
  }
}

function countIn(source: PatchSource, shard: number, subjects: ReadonlySet<string>): number {
  let n = 0;
  for (const [s, c] of Object.entries(source.shards[shard].subjectCounts)) if (subjects.has(s)) n += c;
  return n;
}
