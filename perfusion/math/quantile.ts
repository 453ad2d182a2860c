/**
 * Sample quantiles and the median. `quantile` uses R's default definition (Hyndman & Fan 1996, type 7): for sorted x_1..x_n,
 * h = (n - 1) p, Q(p) = x_floor(h)+1 + (h - floor(h)) (x_floor(h)+2 - x_floor(h)+1). Units are the data's.
 */
import { PerfusionInputError } from '../errors';

/** Type-7 quantile of already sorted, non-empty values; p in [0, 1]. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new PerfusionInputError('EMPTY_SAMPLE', 'a quantile of an empty sample is undefined');
  if (!(p >= 0 && p <= 1))
    throw new PerfusionInputError('INVALID_PROBABILITY', `quantile needs p in [0, 1], got ${p}`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Type-7 quantile of unsorted values (copied, then sorted). */
export function quantile(values: ArrayLike<number>, p: number): number {
  return quantileSorted(Float64Array.from(values).sort(), p);
}

/** Median of a non-empty sample (mean of the two middle values when the count is even). */
export function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
}

/**
 * The order statistic at sorted index floor(q n) (clamped to the sample): a quantile without interpolation,
 * as the simulator uses it to threshold smooth noise fields. Units are the data's.
 */
export function orderStatistic(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * sorted.length)))];
}
