/**
 * Statistics of pooled voxels computed from subject multiplicities (pooled-bootstrap.ts): each takes the
 * per-subject voxel values once, pre-sorts or pre-aggregates them, and then gives the statistic of the pool in
 * which subject s appears counts[s] times, without building the pool (no allocation and no sort per call).
 * The pooled median walks the values sorted once, accumulating the multiplicities, so it is exactly the median
 * of the pool; the failed-fit rate sums whole counts, so it is exact too; the Bland-Altman mean and sd combine
 * per-subject means and sums of squared deviations (Chan, Golub & LeVeque, "Algorithms for computing the sample
 * variance", Am Stat 1983;37:242), which equals blandAltman() of the pool up to rounding (a different order of
 * summation). Values may carry any unit; each result carries the values' unit.
 */
import { PerfusionInputError } from '../errors';
import { type BlandAltman, LIMITS_OF_AGREEMENT_Z } from './bland-altman';

/** A statistic of the pool in which subject s appears `counts[s]` times. */
export type CountedStatistic<T> = (counts: ArrayLike<number>) => T;

function checkCounts(counts: ArrayLike<number>, subjects: number, what: string): void {
  if (counts.length !== subjects)
    throw new PerfusionInputError(
      'SHAPE_MISMATCH',
      `${what}: got ${counts.length} subject counts for ${subjects} subjects; pass one count per subject`,
    );
}

/** -0 sorts before +0, as Float64Array.prototype.sort (and so median()) orders them. */
const signOfZero = (x: number): number => (Object.is(x, -0) ? -1 : 0);

/**
 * The median of the finite values of the pool (mean of the two middle values for an even count; NaN for no
 * finite value), exactly as median() of the pooled finite values. Non-finite values are left out.
 */
export function pooledMedian(subjects: readonly ArrayLike<number>[]): CountedStatistic<number> {
  const finite = new Int32Array(subjects.length);
  const value: number[] = [];
  const subjectOf: number[] = [];
  subjects.forEach((values, s) => {
    for (let v = 0; v < values.length; v++)
      if (Number.isFinite(values[v])) {
        value.push(values[v]);
        subjectOf.push(s);
        finite[s]++;
      }
  });
  const order = Int32Array.from(value, (_, i) => i).sort(
    (a, b) => value[a] - value[b] || signOfZero(value[a]) - signOfZero(value[b]),
  );
  const sorted = Float64Array.from(order, (i) => value[i]);
  const sortedSubject = Int32Array.from(order, (i) => subjectOf[i]);
  return (counts) => {
    checkCounts(counts, subjects.length, 'pooled median');
    let n = 0;
    for (let s = 0; s < finite.length; s++) n += counts[s] * finite[s];
    if (n === 0) return Number.NaN;
    // The pool's sorted ranks n >> 1 (and n >> 1 - 1 for an even n): walk until the multiplicities pass them.
    const upper = n >> 1;
    const lower = n % 2 === 1 ? upper : upper - 1;
    let i = 0;
    let passed = counts[sortedSubject[0]];
    while (passed <= lower) passed += counts[sortedSubject[++i]];
    const low = sorted[i];
    if (n % 2 === 1) return low;
    while (passed <= upper) passed += counts[sortedSubject[++i]];
    return 0.5 * (low + sorted[i]);
  };
}

/**
 * The Bland-Altman bias, sd (n - 1) and limits bias -+ z sd of the finite differences of the pool, as
 * blandAltman() of the pool (to rounding); bias, sd and limits are NaN where fewer than 2 differences are
 * finite (a resample of failed fits), where blandAltman() refuses. Non-finite differences are left out.
 */
export function pooledAgreement(
  subjects: readonly ArrayLike<number>[],
  z = LIMITS_OF_AGREEMENT_Z,
): CountedStatistic<BlandAltman> {
  const voxels = subjects.map((d) => d.length);
  const finite = new Float64Array(subjects.length);
  const sum = new Float64Array(subjects.length);
  const mean = new Float64Array(subjects.length);
  const squares = new Float64Array(subjects.length);
  subjects.forEach((d, s) => {
    for (let v = 0; v < d.length; v++)
      if (Number.isFinite(d[v])) {
        finite[s]++;
        sum[s] += d[v];
      }
    mean[s] = sum[s] / finite[s];
    for (let v = 0; v < d.length; v++) if (Number.isFinite(d[v])) squares[s] += (d[v] - mean[s]) ** 2;
  });
  return (counts) => {
    checkCounts(counts, subjects.length, 'pooled Bland-Altman');
    let n = 0;
    let total = 0;
    let all = 0;
    for (let s = 0; s < subjects.length; s++) {
      all += counts[s] * voxels[s];
      if (counts[s] === 0 || finite[s] === 0) continue;
      n += counts[s] * finite[s];
      total += counts[s] * sum[s];
    }
    if (n < 2) {
      const nan = Number.NaN;
      return { bias: nan, sd: nan, lower: nan, upper: nan, count: n, skipped: all - n };
    }
    const bias = total / n;
    // Pooled sum of squared deviations: each subject's own, plus its count times its mean's offset squared.
    let ss = 0;
    for (let s = 0; s < subjects.length; s++)
      if (counts[s] !== 0 && finite[s] !== 0)
        ss += counts[s] * (squares[s] + finite[s] * (mean[s] - bias) ** 2);
    const sd = Math.sqrt(ss / (n - 1));
    return { bias, sd, lower: bias - z * sd, upper: bias + z * sd, count: n, skipped: all - n };
  };
}

/**
 * The failed-fit rate of the pool (fit-failure.ts: the mean of 0/1 indicators; NaN for no voxels), exactly as
 * failureRate() of the pool: the failures and voxels are whole numbers, so their sums are exact.
 */
export function pooledRate(subjects: readonly ArrayLike<number>[]): CountedStatistic<number> {
  const voxels = subjects.map((f) => f.length);
  const failed = subjects.map((f, s) => {
    let k = 0;
    for (let v = 0; v < f.length; v++) {
      if (f[v] !== 0 && f[v] !== 1)
        throw new PerfusionInputError(
          'NOT_AN_INDICATOR',
          `failed-fit indicators must be 0 or 1; subject ${s} voxel ${v} is ${f[v]} (use fitFailureIndicators)`,
        );
      k += f[v];
    }
    return k;
  });
  return (counts) => {
    checkCounts(counts, subjects.length, 'pooled failed-fit rate');
    let k = 0;
    let n = 0;
    for (let s = 0; s < subjects.length; s++) {
      k += counts[s] * failed[s];
      n += counts[s] * voxels[s];
    }
    return k / n;
  };
}
