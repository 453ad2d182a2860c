import {
  medianAbsoluteRelativeError,
  pearsonCorrelation,
} from '../../../../perfusion/qtmnet/evaluation-metrics';

describe('evaluation metrics', () => {
  it('median absolute relative error over a voxel set, skipping zero truth and failed estimates', () => {
    const truth = [1, 2, 4, 0, 5, 10];
    const est = [1.1, 1, 5, 3, Number.NaN, 10];
    // Voxels 0, 1, 2, 5: errors 0.1, 0.5, 0.25, 0 -> median (0.1 + 0.25) / 2.
    const all = medianAbsoluteRelativeError(est, truth, [0, 1, 2, 3, 4, 5]);
    expect(all.median).toBeCloseTo(0.175, 12);
    expect([all.count, all.skipped]).toEqual([4, 2]);
    expect(medianAbsoluteRelativeError(est, truth, [0, 1, 2]).median).toBeCloseTo(0.25, 12);
    expect(medianAbsoluteRelativeError(est, truth, [3]).median).toBeNaN();
  });

  it('Pearson r: 1 for a linear relation, -1 for an inverse one', () => {
    const x = [1, 2, 3, 4];
    expect(
      pearsonCorrelation(
        x.map((v) => 3 * v + 1),
        x,
        [0, 1, 2, 3],
      ),
    ).toBeCloseTo(1, 12);
    expect(
      pearsonCorrelation(
        x.map((v) => -v),
        x,
        [0, 1, 2, 3],
      ),
    ).toBeCloseTo(-1, 12);
    // sxy = 0.5, sxx = 8.75, syy = 5 -> r = 0.5 / sqrt(43.75).
    expect(pearsonCorrelation([1, 3, 2, 5], [2, 1, 4, 3], [0, 1, 2, 3])).toBeCloseTo(
      0.5 / Math.sqrt(43.75),
      12,
    );
    expect(() => pearsonCorrelation(x, x, [1])).toThrow(expect.objectContaining({ code: 'TOO_FEW_VOXELS' }));
  });
});
