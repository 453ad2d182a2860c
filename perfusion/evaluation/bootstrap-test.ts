/**
 * A two-sided bootstrap test of "the statistic equals `nullValue`" from its resampled values: the p-value is
 * the smallest alpha at which the equal-tailed percentile interval of level 1 - alpha excludes the null, i.e.
 * twice the smaller tail fraction of replicates on either side of it, at most 1 (the test-interval duality,
 * Efron & Tibshirani, An Introduction to the Bootstrap, 1993, ch. 15-16). Replicates equal to the null count in
 * both tails, so a statistic with no spread at its null gives p = 1. Dimensionless.
 */
import { PerfusionInputError } from '../errors';

export function bootstrapPValue(replicates: ArrayLike<number>, nullValue: number): number {
  const n = replicates.length;
  if (n === 0)
    throw new PerfusionInputError('EMPTY_SAMPLE', 'a bootstrap test needs at least one finite replicate');
  let below = 0;
  let above = 0;
  for (let i = 0; i < n; i++) {
    if (replicates[i] <= nullValue) below++;
    if (replicates[i] >= nullValue) above++;
  }
  return Math.min(1, (2 * Math.min(below, above)) / n);
}
