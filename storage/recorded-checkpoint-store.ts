/**
 * The training CheckpointStore of the train activity: each checkpoint is stored in the object store under
 * its hash and recorded in PostgreSQL under the training step's key, so whichever attempt or workflow runs
 * that step next resumes from the newest one. Saving applies the retention rule of
 * storage/checkpoint-records.ts: the objects of superseded checkpoints are removed (object first, then the
 * row is stamped, so a crash in between only repeats a removal) and their rows stay as history.
 */
import type { CheckpointStore } from '../perfusion/qtmnet/checkpoint';
import { KEEP_CHECKPOINTS } from './checkpoint-records';
import type { ContentAddressedStore } from './content-addressed-store';
import type { ResultsRepository } from './results-repository';

export class RecordedCheckpointStore implements CheckpointStore {
  constructor(
    private readonly store: ContentAddressedStore,
    private readonly results: ResultsRepository,
    private readonly owner: { stepKey: string; runId: string },
    /** told each saved checkpoint (the activity heartbeats it as progress) */
    private readonly onSaved: (step: number, sha256: string) => void,
  ) {}

  async save(step: number, bytes: Uint8Array): Promise<void> {
    const ref = await this.store.putBytes(bytes);
    await this.results.recordCheckpoint({
      stepKey: this.owner.stepKey,
      runId: this.owner.runId,
      step,
      sha256: ref.sha256,
      byteSize: ref.bytes,
    });
    this.onSaved(step, ref.sha256);
    await retireCheckpoints(this.store, this.results, this.owner.stepKey, KEEP_CHECKPOINTS);
  }

  async loadLatest(): Promise<Uint8Array | undefined> {
    const latest = await this.results.latestCheckpoint(this.owner.stepKey);
    return latest === null ? undefined : this.store.getBytes(latest.sha256);
  }
}

/**
 * Removes the objects of a step's checkpoints beyond its newest `keep` and stamps their rows; `keep` 0
 * once the step's output is recorded, since a re-run of the step is then a cache hit.
 */
export async function retireCheckpoints(
  store: ContentAddressedStore,
  results: ResultsRepository,
  stepKey: string,
  keep: number,
): Promise<number> {
  const superseded = await results.supersededCheckpoints(stepKey, keep);
  for (const c of superseded) {
    await store.remove(c.sha256);
    await results.markCheckpointRemoved(c.id);
  }
  return superseded.length;
}
