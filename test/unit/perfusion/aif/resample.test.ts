import { delayCurve, resampleLinear } from '../../../../perfusion/aif/resample';

describe('AIF resampling and delay', () => {
  const t = new Float64Array([0, 1, 2, 4]);
  const y = new Float64Array([0, 2, 4, 0]);

  it('interpolates linearly and holds the end values outside the range', () => {
    expect(Array.from(resampleLinear(t, y, new Float64Array([-1, 0.5, 3, 5, 1.5])))).toEqual([0, 1, 2, 0, 3]);
  });

  it('delays by shifting in time', () => {
    expect(Array.from(delayCurve(t, y, 1))).toEqual([0, 0, 2, 2]);
    expect(Array.from(delayCurve(t, y, -0.5))).toEqual([1, 3, 3, 0]);
  });

  it('rejects mismatched lengths', () => {
    expect(() => resampleLinear(t, new Float64Array(2), t)).toThrow(
      expect.objectContaining({ code: 'LENGTH_MISMATCH' }),
    );
  });
});
