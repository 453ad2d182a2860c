/** Hand-computed ROC cases and invariances of the AUC. */
import { delongPlacements } from '../../../../perfusion/grading/delong';
import { normalCdf, normalQuantile } from '../../../../perfusion/grading/normal-distribution';
import { analyseRoc } from '../../../../perfusion/grading/roc-analysis';
import { mannWhitneyAuc, midranks, orient, splitByClass } from '../../../../perfusion/grading/roc-auc';
import { studentTCdf } from '../../../../perfusion/grading/student-t-distribution';
import { quantile } from '../../../../perfusion/math/quantile';
import { createSeededRandom } from '../../../../perfusion/random/seeded-random';

const labels = (p: number, n: number) => [...Array(p).fill(true), ...Array(n).fill(false)];

describe('hand-computed AUCs', () => {
  it('all ties: AUC 0.5, zero placement spread, curve jumps straight to (1, 1)', () => {
    const r = analyseRoc([3, 3, 3, 3, 3], labels(2, 3));
    expect(r.auc).toBe(0.5);
    expect(r.delong).toEqual({ variance: 0, lower: 0.5, upper: 0.5 });
    expect(r.curve.map((p) => [p.falsePositiveRate, p.truePositiveRate])).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  it('perfect separation: AUC 1, variance 0, and the auto direction flips for reversed scores', () => {
    const up = analyseRoc([5, 6, 1, 2, 3], labels(2, 3));
    expect(up.auc).toBe(1);
    expect(up.direction).toBe('higher');
    expect(up.delong).toEqual({ variance: 0, lower: 1, upper: 1 });
    const down = analyseRoc([-5, -6, -1, -2, -3], labels(2, 3));
    expect(down.direction).toBe('lower');
    expect(down.auc).toBe(1);
    expect(analyseRoc([-5, -6, -1, -2, -3], labels(2, 3), { direction: 'higher' }).auc).toBe(0);
  });

  it('a small mixed case: 2 positives {2, 4}, 3 negatives {1, 2, 3}', () => {
    // Pairs: 2 vs {1: win, 2: tie, 3: loss} = 1.5; 4 vs all: 3 -> 4.5/6 = 0.75.
    const split = splitByClass([2, 4, 1, 2, 3], labels(2, 3));
    const p = delongPlacements(split);
    expect(p.auc).toBeCloseTo(0.75, 15);
    expect(Array.from(p.positivePlacements)).toEqual([0.5, 1]);
    // Negatives: 1 -> both positives above = 1; 2 -> 4 above, 2 tie = 0.75; 3 -> 4 above = 0.5.
    expect(Array.from(p.negativePlacements)).toEqual([1, 0.75, 0.5]);
    // var = s2([0.5, 1])/2 + s2([1, 0.75, 0.5])/3 = 0.125/2 + 0.0625/3
    const r = analyseRoc([2, 4, 1, 2, 3], labels(2, 3));
    if (!('variance' in r.delong)) throw new Error('defined');
    expect(r.delong.variance).toBeCloseTo(0.125 / 2 + 0.0625 / 3, 15);
    expect(r.curve.map((q) => [q.threshold, q.falsePositiveRate, q.truePositiveRate])).toEqual([
      [Number.POSITIVE_INFINITY, 0, 0],
      [4, 0, 0.5],
      [3, 1 / 3, 0.5],
      [2, 2 / 3, 1],
      [1, 1, 1],
    ]);
  });

  it('one subject per class: AUC defined, CIs undefined with a reason', () => {
    const r = analyseRoc([2, 1], [true, false], { bootstrap: { replicates: 10, seed: 1 } });
    expect(r.auc).toBe(1);
    expect(r.delong).toEqual({ undefinedReason: expect.stringContaining('at least 2 subjects per class') });
    expect(r.bootstrap).toEqual({
      undefinedReason: expect.stringContaining('at least 2 subjects per class'),
    });
    const oneNegative = analyseRoc([2, 3, 1], [true, true, false]);
    expect('undefinedReason' in oneNegative.delong && oneNegative.delong.undefinedReason).toMatch(
      /1 negative subject/,
    );
  });

  it('midranks average ties', () => {
    expect(Array.from(midranks([10, 20, 10, 30, 20, 20]))).toEqual([1.5, 4, 1.5, 6, 4, 4]);
  });
});

describe('invariances', () => {
  const rng = createSeededRandom(11);
  const n = 40;
  const isPos = Array.from({ length: n }, (_, i) => i % 3 === 0);
  const x = isPos.map((p) => Math.round((rng.next() + (p ? 0.3 : 0)) * 20) / 20);

  it('AUC(-x) = 1 - AUC(x) at a fixed direction', () => {
    const split = splitByClass(x, isPos);
    expect(mannWhitneyAuc(orient(split, 'lower'))).toBeCloseTo(1 - mannWhitneyAuc(split), 14);
  });

  it('monotone increasing transforms leave AUC and DeLong interval unchanged', () => {
    const base = analyseRoc(x, isPos);
    for (const f of [
      (v: number) => Math.exp(3 * v),
      (v: number) => v ** 3 + 7,
      (v: number) => Math.atan(v),
    ]) {
      const t = analyseRoc(x.map(f), isPos);
      expect(t.auc).toBeCloseTo(base.auc, 14);
      expect(t.delong).toEqual(base.delong);
    }
  });
});

describe('errors', () => {
  it('rejects NaN scores, a single class and mismatched lengths, naming the problem', () => {
    expect(() => analyseRoc([1, Number.NaN], [true, false], {}, 'ktrans')).toThrow(
      /ktrans: subject 2 has score NaN/,
    );
    expect(() => analyseRoc([1, 2], [true, true])).toThrow(expect.objectContaining({ code: 'SINGLE_CLASS' }));
    expect(() => analyseRoc([1, 2, 3], [true, false])).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
  });
});

describe('distributions and quantiles', () => {
  it('normal CDF and quantile match R (pnorm, qnorm)', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalCdf(-1.959963984540054)).toBeCloseTo(0.025, 15);
    expect(normalCdf(-5) / 2.866515718791939e-7).toBeCloseTo(1, 12);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 12);
  });

  it('Student t CDF matches R pt()', () => {
    expect(studentTCdf(-2, 5)).toBeCloseTo(0.05096973941492914, 14);
    // df = 2 has the closed form 1/2 + t / (2 sqrt(t^2 + 2)); non-integer df are checked by pROC's unpaired test.
    expect(studentTCdf(1.5, 2)).toBeCloseTo(0.5 + 1.5 / (2 * Math.sqrt(1.5 ** 2 + 2)), 14);
    expect(studentTCdf(-2, 1)).toBeCloseTo(0.5 - Math.atan(2) / Math.PI, 14);
  });

  it('R type-7 quantiles', () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([10], 0.9)).toBe(10);
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
  });
});
