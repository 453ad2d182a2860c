import { blandAltman } from '../../../../perfusion/evaluation/bland-altman';
import { bootstrapPValue } from '../../../../perfusion/evaluation/bootstrap-test';
import { failureRate } from '../../../../perfusion/evaluation/fit-failure';
import { pooledBootstrap } from '../../../../perfusion/evaluation/pooled-bootstrap';
import {
  pooledAgreement,
  pooledMedian,
  pooledRate,
} from '../../../../perfusion/evaluation/pooled-statistics';
import {
  type ClusterBootstrapInterval,
  clusterBootstrap,
  clusterBootstrapReplicates,
} from '../../../../perfusion/math/cluster-bootstrap';
import { median } from '../../../../perfusion/math/quantile';
import { ALL_NAN_SUBJECT, pool, randomIndicators, randomSubjects } from './pooled-fixtures';

const o = { replicates: 500, seed: 9 };
const finiteOf = (x: Float64Array) => x.filter(Number.isFinite);

/** The reference statistics, on a pool built by concatenation as the harness used to. */
const medianOf = (x: Float64Array) => (finiteOf(x).length > 0 ? median(finiteOf(x)) : Number.NaN);
const agreementOf = (key: 'bias' | 'lower' | 'upper') => (x: Float64Array) =>
  finiteOf(x).length < 2 ? Number.NaN : blandAltman(x)[key];

/** The reference interval: clusterBootstrap over subjects, each resample pooled by concatenation. */
function reference(subjects: readonly Float64Array[], of: (pooled: Float64Array) => number) {
  return clusterBootstrap(subjects, (drawn) => of(pool(drawn)), o);
}

function expectClose(got: ClusterBootstrapInterval, want: ClusterBootstrapInterval): void {
  expect(got.nonFinite).toBe(want.nonFinite);
  for (const key of ['estimate', 'low', 'high'] as const)
    expect(Math.abs(got[key] - want[key])).toBeLessThanOrEqual(1e-12 * Math.abs(want[key]));
}

describe('pooled subject bootstrap: the same intervals as clusterBootstrap over pooled subjects', () => {
  const errors = randomSubjects(31, 0.3, 1);
  const other = randomSubjects(32, 0.5, 1.5);
  const failed = randomIndicators(33);

  it('gives the median, the Bland-Altman bias and limits, and the failed-fit rate of one draw each', () => {
    const median = pooledMedian(errors);
    const agreement = pooledAgreement(errors);
    const rate = pooledRate(failed);
    const [m, bias, lower, upper, f] = pooledBootstrap(
      errors.length,
      (counts) => {
        const ba = agreement(counts);
        return [median(counts), ba.bias, ba.lower, ba.upper, rate(counts)];
      },
      o,
    ).intervals;
    expect(m).toEqual(reference(errors, medianOf));
    expect(f).toEqual(clusterBootstrap(failed, (drawn) => failureRate(pool(drawn)), o));
    expectClose(bias, reference(errors, agreementOf('bias')));
    expectClose(lower, reference(errors, agreementOf('lower')));
    expectClose(upper, reference(errors, agreementOf('upper')));
    expect(m.low).toBeLessThan(m.high);
  });

  it('keeps two series paired: the ratio of medians and its test replicates equal the reference', () => {
    const a = pooledMedian(errors);
    const b = pooledMedian(other);
    const fast = pooledBootstrap(errors.length, (counts) => [a(counts) / b(counts)], o);
    const paired = errors.map((d, s) => [d, other[s]]);
    const ratio = (drawn: readonly Float64Array[][]) =>
      medianOf(pool(drawn.map(([x]) => x))) / medianOf(pool(drawn.map(([, y]) => y)));
    expect(fast.intervals[0]).toEqual(clusterBootstrap(paired, ratio, o));
    const replicates = clusterBootstrapReplicates(paired, ratio, o);
    expect(fast.replicates[0]).toEqual(replicates);
    expect(bootstrapPValue(fast.replicates[0], 1)).toBe(bootstrapPValue(replicates, 1));
  });

  it('gives the replicates of a difference of |bias| and of failed-fit rates as the reference', () => {
    const a = pooledAgreement(errors);
    const b = pooledAgreement(other);
    const ra = pooledRate(failed);
    const rb = pooledRate(randomIndicators(34));
    const fast = pooledBootstrap(
      errors.length,
      (counts) => [Math.abs(a(counts).bias) - Math.abs(b(counts).bias), ra(counts) - rb(counts)],
      o,
    );
    const bias = (x: Float64Array) => Math.abs(agreementOf('bias')(x));
    const paired = errors.map((d, s) => [d, other[s], failed[s], randomIndicators(34)[s]]);
    const want = clusterBootstrapReplicates(
      paired,
      (drawn) => bias(pool(drawn.map((x) => x[0]))) - bias(pool(drawn.map((x) => x[1]))),
      o,
    );
    expect(fast.replicates[0]).toHaveLength(want.length);
    fast.replicates[0].forEach((v, i) => {
      expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-12);
    });
    const rates = (drawn: readonly Float64Array[][]) =>
      failureRate(pool(drawn.map((x) => x[2]))) - failureRate(pool(drawn.map((x) => x[3])));
    expect(fast.replicates[1]).toEqual(clusterBootstrapReplicates(paired, rates, o));
  });

  it('leaves out and counts resamples of only all-NaN subjects as the reference does', () => {
    // Two subjects with no finite value and one with a single one: a resample without that one has no
    // median, and one that draws it fewer than twice has fewer than 2 differences for Bland-Altman.
    const sparse = [errors[ALL_NAN_SUBJECT], Float64Array.of(Number.NaN, 0.4), errors[ALL_NAN_SUBJECT]];
    const median = pooledMedian(sparse);
    const agreement = pooledAgreement(sparse);
    const [m, bias] = pooledBootstrap(3, (counts) => [median(counts), agreement(counts).bias], o).intervals;
    const want = reference(sparse, medianOf);
    expect(m).toEqual(want);
    expect(want.nonFinite).toBeGreaterThan(100); // the finite subject not drawn: (2/3)^3 of 500
    expect(bias.nonFinite).toBe(reference(sparse, agreementOf('bias')).nonFinite);
    expect(bias.nonFinite).toBeGreaterThan(want.nonFinite);
  });
});

describe('pooled subject bootstrap: what resampling subjects means', () => {
  it('pools voxels (a subject with more voxels weighs more), not subject means', () => {
    const agreement = pooledAgreement([Float64Array.of(0, 0, 0), Float64Array.of(4)]);
    const [bias] = pooledBootstrap(2, (counts) => [agreement(counts).bias], {
      replicates: 50,
      seed: 1,
    }).intervals;
    expect(bias.estimate).toBe(1);
  });

  it('shows no spread when every subject is alike, however much its voxels vary', () => {
    const median = pooledMedian(Array.from({ length: 6 }, () => Float64Array.of(0.1, 0.5, 2, 9)));
    const [m] = pooledBootstrap(6, (counts) => [median(counts)], { replicates: 200, seed: 3 }).intervals;
    expect(m).toEqual({ estimate: 1.25, low: 1.25, high: 1.25, nonFinite: 0 });
  });

  it('gives the mean of subject means the interval +-1.96 sd/sqrt(n) when subjects differ', () => {
    // 100 subjects, each 4 identical voxels at value k/99: the pooled mean is the mean of 100 evenly spaced values.
    const agreement = pooledAgreement(
      Array.from({ length: 100 }, (_, k) => new Float64Array(4).fill(k / 99)),
    );
    const [r] = pooledBootstrap(100, (c) => [agreement(c).bias], { replicates: 4000, seed: 11 }).intervals;
    const halfWidth = (1.96 * Math.sqrt(1 / 12)) / Math.sqrt(100);
    expect((r.high - r.low) / 2 / halfWidth).toBeGreaterThan(0.9);
    expect((r.high - r.low) / 2 / halfWidth).toBeLessThan(1.1);
  });

  it('refuses a single subject', () => {
    const median = pooledMedian([Float64Array.of(1)]);
    expect(() => pooledBootstrap(1, (c) => [median(c)], o)).toThrow(/at least 2 clusters/);
  });
});
