import {
  agreementDifference,
  agreementDifferences,
  blandAltman,
} from '../../../../perfusion/evaluation/bland-altman';

describe('Bland-Altman agreement with a known truth', () => {
  it('gives bias = mean and limits = mean -+ 1.96 sd (n - 1) of the differences', () => {
    // 1..5: mean 3, sample variance 2.5.
    const ba = blandAltman([1, 2, 3, 4, 5]);
    expect(ba.bias).toBeCloseTo(3, 14);
    expect(ba.sd).toBeCloseTo(Math.sqrt(2.5), 14);
    expect(ba.lower).toBeCloseTo(3 - 1.96 * Math.sqrt(2.5), 14);
    expect(ba.upper).toBeCloseTo(3 + 1.96 * Math.sqrt(2.5), 14);
    expect(ba.count).toBe(5);
  });

  it('leaves undefined differences out and counts them', () => {
    const ba = blandAltman([0.1, Number.NaN, 0.3]);
    expect(ba).toMatchObject({ count: 2, skipped: 1 });
    expect(ba.bias).toBeCloseTo(0.2, 14);
  });

  it('takes relative differences (est - true)/true and log ratios ln(est/true)', () => {
    const truth = [0.01, 1, 100];
    // Every estimate 10% high: relative differences all 0.1, log ratios all ln 1.1, whatever the scale.
    const estimate = truth.map((t) => 1.1 * t);
    for (const d of agreementDifferences(estimate, truth, 'relative')) expect(d).toBeCloseTo(0.1, 12);
    for (const d of agreementDifferences(estimate, truth, 'log')) expect(d).toBeCloseTo(Math.log(1.1), 12);
    expect(blandAltman(agreementDifferences(estimate, truth, 'log')).sd).toBeLessThan(1e-12);
  });

  it('gives NaN for a zero truth, a non-finite estimate or a non-positive one on the log scale', () => {
    expect(agreementDifference(1, 0, 'relative')).toBeNaN();
    expect(agreementDifference(Number.NaN, 1, 'relative')).toBeNaN();
    expect(agreementDifference(-1, 1, 'log')).toBeNaN();
    expect(agreementDifference(-1, 1, 'relative')).toBe(-2);
  });

  it('refuses fewer than 2 finite differences and mismatched lengths with a clear error', () => {
    expect(() => blandAltman([1, Number.NaN])).toThrow(/at least 2 finite differences, got 1 of 2/);
    expect(() => agreementDifferences([1, 2], [1], 'log')).toThrow(/2 estimates and 1 truths/);
  });
});
