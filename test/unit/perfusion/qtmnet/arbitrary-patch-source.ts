/**
 * An in-memory PatchSource of seeded arbitrary numbers (not physics) for tests of the training machinery:
 * order, determinism, resume and checkpoints do not depend on what the patches mean.
 */
import { type PatchSample, type PatchShape, voxelsPerPatch } from '../../../../perfusion/qtmnet/patch-layout';
import type { PatchSource } from '../../../../perfusion/qtmnet/patch-source';
import { createSeededRandom } from '../../../../perfusion/random/seeded-random';

export function arbitraryPatchSource(
  shape: PatchShape,
  subjects: number,
  perSubject: number,
  shards: number,
  seed = 7,
): PatchSource {
  const rng = createSeededRandom(seed);
  const v = voxelsPerPatch(shape);
  const all: PatchSample[] = [];
  for (let s = 0; s < subjects; s++) {
    for (let k = 0; k < perSubject; k++) {
      const concentration = Float32Array.from({ length: shape.frames * v }, () => rng.next());
      // Positive labels inside the parameter priors' decades (|u| m/s, Fp 1/s, PS 1/s, vp, ve).
      const labels = Float32Array.from(
        { length: v * 5 },
        (_, i) => [1e-4, 5e-3, 1e-4, 0.03, 0.2][i % 5] * (0.5 + rng.next()),
      );
      all.push({ concentration, labels, subject: `sub-${s}` });
    }
  }
  const byShard: PatchSample[][] = Array.from({ length: shards }, () => []);
  all.forEach((p, i) => {
    byShard[i % shards].push(p);
  });
  const reads: number[] = [];
  return {
    shape,
    frameIntervalS: 5,
    datasetHash: `arbitrary-${seed}-${subjects}-${perSubject}-${shards}`,
    shards: byShard.map((ps) => {
      const subjectCounts: Record<string, number> = {};
      for (const p of ps) subjectCounts[p.subject] = (subjectCounts[p.subject] ?? 0) + 1;
      return { subjectCounts };
    }),
    readShard: async (i) => {
      reads.push(i);
      return byShard[i];
    },
  };
}

/** A CheckpointStore in memory that keeps every checkpoint. */
export class MemoryCheckpointStore {
  readonly saved: Array<{ step: number; bytes: Uint8Array }> = [];
  async save(step: number, bytes: Uint8Array): Promise<void> {
    this.saved.push({ step, bytes: bytes.slice() });
  }
  async loadLatest(): Promise<Uint8Array | undefined> {
    return this.saved.at(-1)?.bytes;
  }
}
