import { disperseAif } from '../../../../perfusion/aif/dispersion';
import { parkerPlasmaAif } from '../../../../perfusion/aif/parker-aif';

describe('AIF dispersion', () => {
  const t = Float64Array.from({ length: 2401 }, (_, i) => 0.25 * i);
  const ca = parkerPlasmaAif(t, { onsetS: 10 });
  const area = (y: Float64Array) => y.reduce((s, v, i) => (i === 0 ? 0 : s + 0.125 * (v + y[i - 1])), 0);

  it('lowers and delays the peak and keeps the area (up to what is still in transit at the end)', () => {
    const d = disperseAif(t, ca, 4);
    const peak = (y: Float64Array) => y.reduce((b, v, i) => (v > y[b] ? i : b), 0);
    expect(d[peak(d)]).toBeLessThan(0.8 * ca[peak(ca)]);
    expect(t[peak(d)]).toBeGreaterThan(t[peak(ca)]);
    // Area lost = tau x the final value still in transit: tau ca(end) to first order.
    expect(area(d)).toBeCloseTo(area(ca) - 4 * ca[ca.length - 1], 0);
  });

  it('tends to the AIF itself as tau -> 0, and tau = 0 is the identity', () => {
    const d = disperseAif(t, ca, 0.001);
    ca.forEach((v, i) => {
      expect(Math.abs(d[i] - v)).toBeLessThan(0.01);
    });
    expect(Array.from(disperseAif(t, ca, 0))).toEqual(Array.from(ca));
  });

  it('rejects a negative time constant', () => {
    expect(() => disperseAif(t, ca, -1)).toThrow(expect.objectContaining({ code: 'INVALID_DISPERSION' }));
  });
});
