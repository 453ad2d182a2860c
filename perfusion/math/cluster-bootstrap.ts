/**
 * Percentile bootstrap over clusters (Efron & Tibshirani, An Introduction to the Bootstrap, 1993, ch. 13; the
 * cluster form: Davison & Hinkley, Bootstrap Methods and their Application, 1997, section 3.8): whole clusters
 * (subjects) are drawn with replacement and the statistic is recomputed on each resample, so voxels of one
 * subject, which share its injection, noise and fit, are never treated as independent. The statistic may
 * compare methods on the same resample (a ratio of two errors), which keeps the pairing.
 */
import { PerfusionInputError } from '../errors';
import { createSeededRandom } from '../random/seeded-random';
import { quantileSorted } from './quantile';

export interface ClusterBootstrapOptions {
  /** Resamples (e.g. 2000). */
  replicates: number;
  seed: number;
  /** Two-sided coverage of the interval, default 0.95. */
  level?: number;
}

export interface ClusterBootstrapInterval {
  /** The statistic on all clusters. */
  estimate: number;
  /** Percentile interval of the resampled statistics (non-finite resamples left out and counted). */
  low: number;
  high: number;
  nonFinite: number;
}

/** The statistic of `clusters` (units are the statistic's) with its cluster-bootstrap percentile interval. */
export function clusterBootstrap<T>(
  clusters: readonly T[],
  statistic: (sample: readonly T[]) => number,
  o: ClusterBootstrapOptions,
): ClusterBootstrapInterval {
  const sorted = clusterBootstrapReplicates(clusters, statistic, o);
  return percentileInterval(statistic(clusters), sorted, o);
}

/** The finite resampled statistics, sorted ascending (for a test as well as an interval). */
export function clusterBootstrapReplicates<T>(
  clusters: readonly T[],
  statistic: (sample: readonly T[]) => number,
  o: ClusterBootstrapOptions,
): Float64Array {
  const values: number[] = [];
  const sample: T[] = new Array(clusters.length);
  forEachResample(clusters.length, o, (drawn) => {
    for (let i = 0; i < drawn.length; i++) sample[i] = clusters[drawn[i]];
    const v = statistic(sample);
    if (Number.isFinite(v)) values.push(v);
  });
  return Float64Array.from(values).sort();
}

/**
 * Calls `visit` with the cluster indices drawn for each resample, in order: `clusters` draws of
 * `nextInt(clusters)` from the generator seeded with `o.seed`. Every bootstrap here draws through this one
 * loop, so any two of them with the same seed, replicate count and cluster count see the same resamples.
 * `drawn` is reused between calls.
 */
export function forEachResample(
  clusters: number,
  o: ClusterBootstrapOptions,
  visit: (drawn: Int32Array) => void,
): void {
  const level = o.level ?? 0.95;
  if (clusters < 2 || !(o.replicates >= 1) || !(level > 0 && level < 1))
    throw new PerfusionInputError(
      'INVALID_BOOTSTRAP',
      `a cluster bootstrap needs at least 2 clusters, 1 replicate and a level in (0, 1); got ${clusters} clusters, ${o.replicates} replicates, level ${level}`,
    );
  const rng = createSeededRandom(o.seed);
  const drawn = new Int32Array(clusters);
  for (let r = 0; r < o.replicates; r++) {
    for (let i = 0; i < clusters; i++) drawn[i] = rng.nextInt(clusters);
    visit(drawn);
  }
}

/** The equal-tailed percentile interval (type-7 quantiles) of the sorted finite replicates around `estimate`. */
export function percentileInterval(
  estimate: number,
  sorted: Float64Array,
  o: ClusterBootstrapOptions,
): ClusterBootstrapInterval {
  const tail = (1 - (o.level ?? 0.95)) / 2;
  return {
    estimate,
    low: sorted.length > 0 ? quantileSorted(sorted, tail) : Number.NaN,
    high: sorted.length > 0 ? quantileSorted(sorted, 1 - tail) : Number.NaN,
    nonFinite: o.replicates - sorted.length,
  };
}
