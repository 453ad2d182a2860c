/** Bootstrap ROC band: contains the empirical curve on aSAH, is reproducible, and degenerates when separable. */
import { orient, rocCurve, splitByClass } from '../../../../perfusion/grading/roc-auc';
import { rocConfidenceBand, sensitivityAt } from '../../../../perfusion/grading/roc-band';
import { loadAsah } from './asah-fixture';

describe('rocConfidenceBand', () => {
  const data = loadAsah();
  const split = orient(splitByClass(data.wfns, data.isPoor), 'higher');

  it('brackets the empirical wfns curve and is reproducible for a seed', () => {
    const band = rocConfidenceBand(split, { replicates: 300, seed: 3, gridPoints: 21 });
    const curve = rocCurve(split);
    expect(band).toHaveLength(21);
    for (const b of band) {
      expect(b.lower).toBeLessThanOrEqual(sensitivityAt(curve, b.falsePositiveRate) + 1e-12);
      expect(b.upper).toBeGreaterThanOrEqual(sensitivityAt(curve, b.falsePositiveRate) - 1e-12);
    }
    expect(band[20]).toEqual({ falsePositiveRate: 1, lower: 1, upper: 1 });
    expect(rocConfidenceBand(split, { replicates: 300, seed: 3, gridPoints: 21 })).toEqual(band);
  });

  it('sensitivityAt reads the step function; perfect separation gives a band at 1', () => {
    const sep = splitByClass([3, 4, 1, 2], [true, true, false, false]);
    expect(sensitivityAt(rocCurve(sep), 0)).toBe(1);
    expect(rocConfidenceBand(sep, { replicates: 20, seed: 1, gridPoints: 3 }).map((b) => b.lower)).toEqual([
      1, 1, 1,
    ]);
  });
});
