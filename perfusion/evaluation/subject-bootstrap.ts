/**
 * Subject-level bootstrap of a per-voxel metric (cluster-bootstrap.ts): subjects are drawn with replacement,
 * the voxels of the drawn subjects are pooled, and the metric is recomputed on the pool, so voxels of one
 * subject (one injection, one noise draw, one AIF) count as one unit of evidence. Each subject may carry
 * several voxel series (e.g. the errors of two methods, or of two arms on the same seeds); they are drawn
 * together, which keeps paired comparisons paired. With the same seed and replicate count every call draws the
 * same resamples (the draws do not depend on the data), so intervals of different metrics and methods are
 * computed on the same resamples. Units are the metric's.
 */
import { PerfusionInputError } from '../errors';
import {
  type ClusterBootstrapInterval,
  type ClusterBootstrapOptions,
  clusterBootstrap,
  clusterBootstrapReplicates,
} from '../math/cluster-bootstrap';

/** One subject: its voxel series (series k of every subject measures the same thing). */
export type SubjectSeries = readonly ArrayLike<number>[];

/** The series of `subjects` pooled (concatenated in subject order), one array per series. */
export function poolSeries(subjects: readonly SubjectSeries[]): Float64Array[] {
  const k = subjects[0]?.length ?? 0;
  return Array.from({ length: k }, (_, j) => {
    const out = new Float64Array(subjects.reduce((n, s) => n + s[j].length, 0));
    let at = 0;
    for (const s of subjects) {
      out.set(s[j], at);
      at += s[j].length;
    }
    return out;
  });
}

function checkSeries(subjects: readonly SubjectSeries[]): void {
  const k = subjects[0]?.length ?? 0;
  const bad = subjects.findIndex((s) => s.length !== k || k === 0);
  if (bad >= 0)
    throw new PerfusionInputError(
      'SHAPE_MISMATCH',
      `subject ${bad} has ${subjects[bad].length} voxel series, the first has ${k}; every subject needs the same series (at least one)`,
    );
}

/** `metric` of all subjects' pooled voxels with its subject-level percentile bootstrap interval. */
export function subjectBootstrap(
  subjects: readonly SubjectSeries[],
  metric: (pooled: Float64Array[]) => number,
  o: ClusterBootstrapOptions,
): ClusterBootstrapInterval {
  checkSeries(subjects);
  return clusterBootstrap(subjects, (sample) => metric(poolSeries(sample)), o);
}

/** The finite resampled values of `metric`, sorted (the same resamples as subjectBootstrap's), for a test. */
export function subjectBootstrapReplicates(
  subjects: readonly SubjectSeries[],
  metric: (pooled: Float64Array[]) => number,
  o: ClusterBootstrapOptions,
): Float64Array {
  checkSeries(subjects);
  return clusterBootstrapReplicates(subjects, (sample) => metric(poolSeries(sample)), o);
}
