/** ROI statistics against hand-computed values. */
import { featureTable, maskComposition, regionStatistics } from '../../../../perfusion/grading/roi-features';

describe('regionStatistics', () => {
  it('statistics over the enhancing label only, NaN voxels left out and counted', () => {
    const map = Float32Array.of(1, 2, 3, 4, 100, Number.NaN, 7);
    const mask = Uint8Array.of(1, 1, 1, 1, 2, 1, 0);
    const s = regionStatistics(map, mask);
    expect(s).toMatchObject({ mean: 2.5, median: 2.5, voxels: 4, nonFinite: 1, skewness: 0 });
    expect(s.p10).toBeCloseTo(1.3, 6); // type 7: h = 0.3 between 1 and 2
    expect(s.p90).toBeCloseTo(3.7, 6);
    expect(regionStatistics(map, mask, [1, 2]).median).toBe(3);
  });

  it('skewness g1 of a right-skewed sample', () => {
    // values 0, 0, 0, 3: mean 0.75, m2 = (3*0.5625 + 5.0625)/4 = 1.6875, m3 = (3*-0.421875 + 11.390625)/4 = 2.53125
    const s = regionStatistics(Float32Array.of(0, 0, 0, 3), Uint8Array.of(1, 1, 1, 1));
    expect(s.skewness).toBeCloseTo(2.53125 / 1.6875 ** 1.5, 12);
  });

  it('an empty region gives NaN statistics with zero voxels; a shape mismatch is an error', () => {
    expect(regionStatistics(Float32Array.of(1), Uint8Array.of(3))).toMatchObject({
      voxels: 0,
      mean: Number.NaN,
    });
    expect(() => regionStatistics(Float32Array.of(1, 2), Uint8Array.of(1))).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
  });
});

describe('mask composition and feature table', () => {
  it('fractions of enhancing, necrotic and oedema voxels', () => {
    expect(maskComposition(Uint8Array.of(0, 1, 1, 1, 2, 3, 3, 3))).toMatchObject({
      enhancingFraction: 0.75,
      necroticFraction: 0.25,
      oedemaFraction: 3 / 7,
    });
  });

  it('one row per subject with <method>_<param>_<statistic> columns; a missing map names the subject', () => {
    const mask = Uint8Array.of(1, 1, 2);
    const table = featureTable([
      {
        subject: 's1',
        grade: 'hgg',
        mask,
        maps: { qtmnet: { u: Float32Array.of(1, 3, 0) }, '2cxm': { fp: Float32Array.of(2, 2, 0) } },
      },
      {
        subject: 's2',
        grade: 'lgg',
        mask,
        maps: { qtmnet: { u: Float32Array.of(5, 5, 0) }, '2cxm': { fp: Float32Array.of(1, 1, 0) } },
      },
    ]);
    expect(table.header.slice(0, 6)).toEqual([
      'subject',
      'grade',
      'mask_enhancing_fraction',
      'mask_necrotic_fraction',
      'mask_oedema_fraction',
      '2cxm_fp_mean',
    ]);
    expect(table.header).toContain('qtmnet_u_p90');
    expect(table.rows[0][table.header.indexOf('qtmnet_u_mean')]).toBe(2);
    expect(table.rows[1][table.header.indexOf('2cxm_fp_median')]).toBe(1);
    expect(() =>
      featureTable([
        { subject: 's1', grade: 'hgg', mask, maps: { qtmnet: { u: Float32Array.of(1, 3, 0) } } },
        { subject: 's2', grade: 'lgg', mask, maps: { qtmnet: {} } },
      ]),
    ).toThrow(/subject s2 has no qtmnet map "u"/);
  });
});
