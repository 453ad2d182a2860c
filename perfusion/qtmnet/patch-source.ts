/**
 * Where training patches come from: a dataset of shards (perfusion/simulate writes them, formats/patch-shards
 * reads them from disk, the orchestration layer from the object store), read one shard at a time so a
 * dataset never has to fit in memory. The train/validation split is by simulated subject, so no subject
 * contributes to both.
 */
import { PerfusionInputError } from '../errors';
import { createSeededRandom } from '../random/seeded-random';
import type { InputScale } from './input-scale';
import type { PatchSample, PatchShape } from './patch-layout';

export interface PatchShardInfo {
  /** Number of patches per simulated subject in this shard. */
  subjectCounts: Record<string, number>;
}

export interface PatchSource {
  readonly shape: PatchShape;
  /** Frame interval of every patch, s (the protocol the model will be tied to). */
  readonly frameIntervalS: number;
  /** Identity of the dataset (e.g. the manifest's sha256), recorded in checkpoints and the model folder. */
  readonly datasetHash: string;
  /** Subject-level input scale the samples were made with (input-scale.ts); absent: none. */
  readonly inputScale?: InputScale;
  readonly shards: readonly PatchShardInfo[];
  /** Reads shard `index` whole (patches in stored order). */
  readShard(index: number): Promise<PatchSample[]>;
}

/** Every subject in the dataset, sorted. */
export function datasetSubjects(source: PatchSource): string[] {
  const all = new Set<string>();
  for (const shard of source.shards) for (const s of Object.keys(shard.subjectCounts)) all.add(s);
  return [...all].sort();
}

/**
 * Picks round(fraction x subjects) validation subjects (at least one, and at least one left for training)
 * by a seeded shuffle of the sorted subject list.
 */
export function splitSubjects(
  subjects: readonly string[],
  validationFraction: number,
  seed: number,
): { train: Set<string>; validation: Set<string> } {
  if (subjects.length < 2) {
    throw new PerfusionInputError(
      'TOO_FEW_SUBJECTS',
      `the split by subject needs at least 2 simulated subjects, the dataset has ${subjects.length}; simulate more`,
    );
  }
  if (!(validationFraction > 0 && validationFraction < 1)) {
    throw new PerfusionInputError(
      'INVALID_CONFIG',
      `validation fraction must be in (0, 1), got ${validationFraction}`,
    );
  }
  const order = seededPermutation(subjects.length, seed);
  const nVal = Math.min(subjects.length - 1, Math.max(1, Math.round(validationFraction * subjects.length)));
  const validation = new Set(order.slice(0, nVal).map((i) => subjects[i]));
  return { train: new Set(subjects.filter((s) => !validation.has(s))), validation };
}

/** Fisher-Yates permutation of 0..n-1 from a seeded generator. */
export function seededPermutation(n: number, seed: number): number[] {
  const rng = createSeededRandom(seed);
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** Mixes a run seed with counters (epoch, step, shard) into an independent 32-bit stream seed. */
export function derivedSeed(seed: number, ...counters: number[]): number {
  let h = seed >>> 0;
  for (const c of counters) h = Math.imul(h ^ (c + 0x9e3779b9 + (h << 6) + (h >>> 2)), 0x85ebca6b) >>> 0;
  return h;
}
