import { clusterBootstrap } from '../../../../perfusion/math/cluster-bootstrap';

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('clusterBootstrap', () => {
  it('gives the mean of n values an interval of about +-1.96 sd/sqrt(n), the same for the same seed', () => {
    // 200 evenly spaced values on [0, 1]: sd = sqrt(1/12) (to 0.5%), so the 95% half-width is 1.96 sd / sqrt(200).
    const xs = Array.from({ length: 200 }, (_, i) => i / 199);
    const r = clusterBootstrap(xs, mean, { replicates: 4000, seed: 7 });
    expect(r.estimate).toBeCloseTo(0.5, 12);
    const halfWidth = (1.96 * Math.sqrt(1 / 12)) / Math.sqrt(200);
    expect((r.high - r.low) / 2 / halfWidth).toBeGreaterThan(0.93);
    expect((r.high - r.low) / 2 / halfWidth).toBeLessThan(1.07);
    expect(Math.abs((r.low + r.high) / 2 - 0.5)).toBeLessThan(0.1 * halfWidth);
    expect(clusterBootstrap(xs, mean, { replicates: 4000, seed: 7 })).toEqual(r);
    expect(r.nonFinite).toBe(0);
  });

  it('resamples whole clusters: identical clusters leave no spread, however many values each holds', () => {
    const clusters = Array.from({ length: 5 }, () => [1, 2, 3, 10]);
    const pooledMedian = (s: readonly number[][]) => {
      const all = s.flat().sort((a, b) => a - b);
      return (all[all.length / 2 - 1] + all[all.length / 2]) / 2;
    };
    expect(clusterBootstrap(clusters, pooledMedian, { replicates: 200, seed: 1 })).toEqual({
      estimate: 2.5,
      low: 2.5,
      high: 2.5,
      nonFinite: 0,
    });
  });

  it('leaves out and counts resamples whose statistic is not finite, and refuses a single cluster', () => {
    const r = clusterBootstrap([0, 1], (s) => 1 / s.reduce((a, b) => a + b, 0), { replicates: 400, seed: 3 });
    expect(r.nonFinite).toBeGreaterThan(50);
    expect(r.nonFinite).toBeLessThan(150); // both draws 0: probability 1/4
    expect(r.high).toBe(1);
    expect(() => clusterBootstrap([1], mean, { replicates: 10, seed: 1 })).toThrow(/at least 2 clusters/);
  });
});
