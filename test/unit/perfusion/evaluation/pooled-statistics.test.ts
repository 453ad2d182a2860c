import { blandAltman } from '../../../../perfusion/evaluation/bland-altman';
import { failureRate } from '../../../../perfusion/evaluation/fit-failure';
import {
  pooledAgreement,
  pooledMedian,
  pooledRate,
} from '../../../../perfusion/evaluation/pooled-statistics';
import { median } from '../../../../perfusion/math/quantile';
import { createSeededRandom } from '../../../../perfusion/random/seeded-random';
import { poolCounted, randomIndicators, randomSubjects, SUBJECT_SIZES } from './pooled-fixtures';

/** Random multiplicities 0-3 per subject, and the single counts of a pool of every subject once. */
function randomCounts(seed: number, draws: number): Int32Array[] {
  const rng = createSeededRandom(seed);
  const counts = Array.from({ length: draws }, () => Int32Array.from(SUBJECT_SIZES, () => rng.nextInt(4)));
  return [new Int32Array(SUBJECT_SIZES.length).fill(1), ...counts];
}

const finiteOf = (x: Float64Array) => x.filter(Number.isFinite);

describe('statistics of a pooled resample from subject multiplicities', () => {
  const subjects = randomSubjects(21, 0.3, 1);

  it('gives exactly the median of the pooled finite values, for ties, NaNs and every multiplicity', () => {
    const statistic = pooledMedian(subjects);
    let checked = 0;
    for (const counts of randomCounts(1, 300)) {
      const finite = finiteOf(poolCounted(subjects, counts));
      const expected = finite.length > 0 ? median(finite) : Number.NaN;
      expect(Object.is(statistic(counts), expected)).toBe(true);
      checked += finite.length > 0 ? 1 : 0;
    }
    expect(checked).toBeGreaterThan(290);
  });

  it('orders -0 before +0 as median() does, so a median of zeros keeps its sign', () => {
    const zeros = [Float64Array.of(0), Float64Array.of(-0), Float64Array.of(-0)];
    const statistic = pooledMedian(zeros);
    for (const counts of [Int32Array.of(1, 1, 1), Int32Array.of(2, 1, 0), Int32Array.of(0, 1, 0)]) {
      const expected = median(poolCounted(zeros, counts));
      expect(Object.is(statistic(counts), expected)).toBe(true);
    }
    expect(Object.is(statistic(Int32Array.of(1, 1, 1)), -0)).toBe(true);
  });

  it('gives blandAltman() of the pool to 1e-12, NaN where fewer than 2 differences are finite', () => {
    const statistic = pooledAgreement(subjects);
    for (const counts of randomCounts(2, 300)) {
      const pooled = poolCounted(subjects, counts);
      const got = statistic(counts);
      if (finiteOf(pooled).length < 2) {
        expect([got.bias, got.sd, got.lower, got.upper]).toEqual([NaN, NaN, NaN, NaN]);
        continue;
      }
      const ba = blandAltman(pooled);
      for (const key of ['bias', 'sd', 'lower', 'upper'] as const)
        expect(Math.abs(got[key] - ba[key])).toBeLessThanOrEqual(1e-12 * Math.abs(ba[key]));
      expect([got.count, got.skipped]).toEqual([ba.count, ba.skipped]);
    }
  });

  it('stays accurate when the differences sit far from zero (no cancellation in the sd)', () => {
    // Differences near 1e4 with an sd near 0.2: sum-of-squares minus squared-sum would lose ~7 digits here.
    const far = randomSubjects(22, 1e4, 0.5);
    const statistic = pooledAgreement(far);
    for (const counts of randomCounts(3, 50)) {
      const pooled = poolCounted(far, counts);
      if (finiteOf(pooled).length < 2) continue;
      expect(Math.abs(statistic(counts).sd - blandAltman(pooled).sd)).toBeLessThanOrEqual(
        1e-9 * blandAltman(pooled).sd,
      );
    }
  });

  it('gives exactly the failed-fit rate of the pool, and NaN for a pool of no voxels', () => {
    const indicators = randomIndicators(23);
    const statistic = pooledRate(indicators);
    for (const counts of randomCounts(4, 300))
      expect(statistic(counts)).toBe(failureRate(poolCounted(indicators, counts)));
    expect(statistic(new Int32Array(SUBJECT_SIZES.length))).toBeNaN();
  });

  it('refuses counts for another number of subjects, and indicators other than 0 and 1', () => {
    expect(() => pooledMedian(subjects)(Int32Array.of(1, 1))).toThrow(
      /pooled median: got 2 subject counts for 8 subjects/,
    );
    expect(() => pooledAgreement(subjects)(Int32Array.of(1))).toThrow(/got 1 subject counts for 8/);
    expect(() => pooledRate([Float64Array.of(0, 1), Float64Array.of(0.5)])).toThrow(
      /subject 1 voxel 0 is 0.5/,
    );
  });
});
