import { bootstrapPValue } from '../../../../perfusion/evaluation/bootstrap-test';
import { adjustPValues } from '../../../../perfusion/evaluation/multiplicity';

describe('multiplicity corrections', () => {
  it("gives Holm's step-down adjusted p-values, in the input's order", () => {
    // Sorted 0.01, 0.02, 0.03, 0.04 (m = 4): 4 x 0.01 = 0.04, 3 x 0.02 = 0.06, 2 x 0.03 = 0.06, 1 x 0.04 = 0.04
    // -> running maximum 0.04, 0.06, 0.06, 0.06.
    const adjusted = adjustPValues([0.03, 0.01, 0.04, 0.02], 'holm');
    [0.06, 0.04, 0.06, 0.06].forEach((v, i) => {
      expect(adjusted[i]).toBeCloseTo(v, 14);
    });
  });

  it('gives Bonferroni min(1, m p), never below Holm, and none unchanged', () => {
    const p = [0.03, 0.01, 0.4, 0.02];
    const bonferroni = adjustPValues(p, 'bonferroni');
    [0.12, 0.04, 1, 0.08].forEach((v, i) => {
      expect(bonferroni[i]).toBeCloseTo(v, 14);
    });
    adjustPValues(p, 'holm').forEach((h, i) => {
      expect(h).toBeLessThanOrEqual(bonferroni[i]);
    });
    expect(adjustPValues(p, 'none')).toEqual(p);
  });

  it('refuses a p-value outside [0, 1]', () => {
    expect(() => adjustPValues([0.1, 1.2], 'holm')).toThrow(/p-value 1 is 1.2/);
  });
});

describe('bootstrap test', () => {
  it('gives twice the smaller tail fraction about the null', () => {
    // Replicates 1..100: 10 lie below 10.5 and 90 above it, so p = 2 x 10/100.
    const r = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(bootstrapPValue(r, 10.5)).toBeCloseTo(0.2, 14);
    expect(bootstrapPValue(r, 0)).toBe(0);
    expect(bootstrapPValue(r, 50.5)).toBe(1);
    expect(bootstrapPValue([1, 1, 1], 1)).toBe(1);
  });
});
