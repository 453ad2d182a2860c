/**
 * Subject-level bootstrap of statistics of pooled voxels (cluster bootstrap: Davison & Hinkley, Bootstrap
 * Methods and their Application, 1997, section 3.8; percentile intervals: Efron & Tibshirani, An Introduction
 * to the Bootstrap, 1993, ch. 13): subjects are drawn with replacement and the voxels of the drawn subjects
 * are pooled, so voxels of one subject (one injection, one noise draw, one AIF) count as one unit of evidence.
 *
 * A pooled statistic depends on a resample only through how often each subject was drawn, so the statistics
 * here take those multiplicities (pooled-statistics.ts) instead of a pooled copy of the voxels: the pool is
 * never built, which makes a resample cost a walk over pre-sorted values or a sum over subjects rather than a
 * concatenation and a sort. The resamples are clusterBootstrap's (the same draws of the same generator, in the
 * same order: forEachResample), so both give the same intervals for the same statistic and seed. Several
 * statistics of one resample (a method's error and its limits of agreement, or two methods and their ratio)
 * come from one draw, which keeps paired comparisons paired.
 */
import {
  type ClusterBootstrapInterval,
  type ClusterBootstrapOptions,
  forEachResample,
  percentileInterval,
} from '../math/cluster-bootstrap';

/**
 * Statistics of one pooled resample from `counts[s]`, the number of times subject s was drawn (every count
 * 1: all subjects once). Returns the same number of values on every call; units are the statistics'.
 */
export type PooledStatistics = (counts: Int32Array) => readonly number[];

export interface PooledBootstrap {
  /** Per statistic: its value on all subjects and its percentile interval. */
  intervals: ClusterBootstrapInterval[];
  /** Per statistic: its finite resampled values, sorted ascending (for a bootstrap test). */
  replicates: Float64Array[];
}

/** Each of `statistics` of `subjects` subjects pooled, with its subject-level percentile bootstrap interval. */
export function pooledBootstrap(
  subjects: number,
  statistics: PooledStatistics,
  o: ClusterBootstrapOptions,
): PooledBootstrap {
  const counts = new Int32Array(subjects);
  const finite: number[][] = [];
  forEachResample(subjects, o, (drawn) => {
    counts.fill(0);
    for (let i = 0; i < drawn.length; i++) counts[drawn[i]]++;
    const values = statistics(counts);
    for (let k = 0; k < values.length; k++) {
      finite[k] ??= [];
      if (Number.isFinite(values[k])) finite[k].push(values[k]);
    }
  });
  const estimates = statistics(counts.fill(1));
  const replicates = estimates.map((_, k) => Float64Array.from(finite[k]).sort());
  return { intervals: estimates.map((e, k) => percentileInterval(e, replicates[k], o)), replicates };
}
