/**
 * A training CheckpointStore backed by the object store: each checkpoint is stored under its hash and the
 * caller is told its key (the train activity heartbeats it), so a retry on any worker resumes from the
 * last checkpoint the failed attempt reported. Reads are integrity-checked like every object.
 */
import type { CheckpointStore } from '../perfusion/qtmnet/checkpoint';
import type { ContentAddressedStore } from './content-addressed-store';

export class ObjectCheckpointStore implements CheckpointStore {
  constructor(
    private readonly store: ContentAddressedStore,
    /** sha256 of the checkpoint to resume from (from the last heartbeat), if any */
    private latest: string | undefined,
    private readonly onSaved: (step: number, sha256: string) => void,
  ) {}

  async save(step: number, bytes: Uint8Array): Promise<void> {
    const ref = await this.store.putBytes(bytes);
    this.latest = ref.sha256;
    this.onSaved(step, ref.sha256);
  }

  async loadLatest(): Promise<Uint8Array | undefined> {
    return this.latest === undefined ? undefined : this.store.getBytes(this.latest);
  }
}
