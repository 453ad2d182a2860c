/**
 * Random per-subject voxel series for the pooled-bootstrap tests, and the straightforward pooling they are
 * checked against: unequal subject sizes (one of a single voxel), NaNs, ties (values on a 0.05 grid, so many
 * voxels share a value within and across subjects, including signed zeros), and a subject with no finite value.
 */
import { createSeededRandom } from '../../../../perfusion/random/seeded-random';

export const SUBJECT_SIZES = [5, 12, 1, 30, 7, 9, 3, 17];
/** The subject whose every value is NaN. */
export const ALL_NAN_SUBJECT = 4;

/** One random series per subject: about 15% NaN, the rest offset + spread x noise on a 0.05 grid. */
export function randomSubjects(seed: number, offset: number, spread: number): Float64Array[] {
  const rng = createSeededRandom(seed);
  return SUBJECT_SIZES.map((size, s) =>
    Float64Array.from({ length: size }, () => {
      if (s === ALL_NAN_SUBJECT || rng.next() < 0.15) return Number.NaN;
      const v = Math.round((offset + spread * (rng.next() + rng.next() - 1)) * 20) / 20;
      return v === 0 && rng.next() < 0.5 ? -0 : v;
    }),
  );
}

/** 0/1 indicators per subject, about a third 1. */
export function randomIndicators(seed: number): Float64Array[] {
  const rng = createSeededRandom(seed);
  return SUBJECT_SIZES.map((size) => Float64Array.from({ length: size }, () => (rng.next() < 0.3 ? 1 : 0)));
}

/** The series of the drawn subjects concatenated in draw order: the pool the statistics are defined on. */
export function pool(drawn: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(drawn.reduce((n, d) => n + d.length, 0));
  let at = 0;
  for (const d of drawn) {
    out.set(d, at);
    at += d.length;
  }
  return out;
}

/** The pool in which subject s appears counts[s] times (subjects in order). */
export function poolCounted(subjects: readonly Float64Array[], counts: ArrayLike<number>): Float64Array {
  return pool(subjects.flatMap((d, s) => Array.from({ length: counts[s] }, () => d)));
}
