import { poolSeries, subjectBootstrap } from '../../../../perfusion/evaluation/subject-bootstrap';
import { median } from '../../../../perfusion/math/quantile';

const mean = (x: Float64Array) => x.reduce((a, b) => a + b, 0) / x.length;

describe('subject-level bootstrap of a per-voxel metric', () => {
  it('pools voxels (a subject with more voxels weighs more), not subject means', () => {
    const subjects = [[[0, 0, 0]], [[4]]];
    expect(poolSeries(subjects)[0]).toEqual(Float64Array.from([0, 0, 0, 4]));
    const r = subjectBootstrap(subjects, ([x]) => mean(x), { replicates: 50, seed: 1 });
    expect(r.estimate).toBe(1);
  });

  it('shows no spread when every subject is alike, however much its voxels vary', () => {
    const subjects = Array.from({ length: 6 }, () => [[0.1, 0.5, 2, 9]]);
    const r = subjectBootstrap(subjects, ([x]) => median(x), { replicates: 200, seed: 3 });
    expect(r).toEqual({ estimate: 1.25, low: 1.25, high: 1.25, nonFinite: 0 });
  });

  it('gives the mean of subject means the interval +-1.96 sd/sqrt(n) when subjects differ', () => {
    // 100 subjects, each 4 identical voxels at value k/99: the pooled mean is the mean of 100 evenly spaced values.
    const subjects = Array.from({ length: 100 }, (_, k) => [new Array(4).fill(k / 99)]);
    const r = subjectBootstrap(subjects, ([x]) => mean(x), { replicates: 4000, seed: 11 });
    const halfWidth = (1.96 * Math.sqrt(1 / 12)) / Math.sqrt(100);
    expect((r.high - r.low) / 2 / halfWidth).toBeGreaterThan(0.9);
    expect((r.high - r.low) / 2 / halfWidth).toBeLessThan(1.1);
  });

  it('keeps series of one subject paired: equal series give a ratio of exactly 1 in every resample', () => {
    const subjects = Array.from({ length: 8 }, (_, k) => [
      [k + 1, 2 * k],
      [k + 1, 2 * k],
    ]);
    const r = subjectBootstrap(subjects, ([a, b]) => median(a) / median(b), { replicates: 300, seed: 5 });
    expect(r).toEqual({ estimate: 1, low: 1, high: 1, nonFinite: 0 });
  });

  it('refuses subjects with different numbers of series', () => {
    expect(() => subjectBootstrap([[[1]], [[1], [2]]], () => 0, { replicates: 10, seed: 1 })).toThrow(
      /subject 1 has 2 voxel series, the first has 1/,
    );
  });
});
