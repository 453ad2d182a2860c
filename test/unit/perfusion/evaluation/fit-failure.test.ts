import { failureRate, fitFailureIndicators } from '../../../../perfusion/evaluation/fit-failure';

describe('failed or non-identifiable estimates', () => {
  it('counts flagged (status 1) and skipped (status 2) fits and non-finite parameters', () => {
    const fp = [1, 1, 1, Number.NaN, 1];
    const vp = [0.1, 0.1, 0.1, 0.1, Number.POSITIVE_INFINITY];
    const status = [0, 1, 2, 0, 0];
    expect(Array.from(fitFailureIndicators([fp, vp], status))).toEqual([0, 1, 1, 1, 1]);
    expect(failureRate(fitFailureIndicators([fp, vp], status))).toBeCloseTo(0.8, 14);
  });

  it('judges an estimator without a fit status (QTMnet) by its finite outputs alone', () => {
    expect(Array.from(fitFailureIndicators([[1, Number.NaN, 3]]))).toEqual([0, 1, 0]);
  });

  it('refuses parameters of different lengths', () => {
    expect(() => fitFailureIndicators([[1, 2], [1]], [0, 0])).toThrow(
      /one estimate per voxel \(2 voxels\); got 2, 1/,
    );
  });
});
