import { georgiouBloodAif, georgiouBloodConcentration } from '../../../../perfusion/aif/georgiou-aif';
import { logGamma } from '../../../../perfusion/math/log-gamma';

describe('Georgiou 2019 AIF', () => {
  it('peaks at 8.70 mM at 7.5 s and reads 0.651 mM at 5 min (formula values, docs/science.md 3.2)', () => {
    const t = Float64Array.from({ length: 3001 }, (_, i) => i * 0.1);
    const cb = georgiouBloodAif(t);
    let peak = 0;
    let at = 0;
    cb.forEach((v, i) => {
      if (v > peak) [peak, at] = [v, t[i]];
    });
    expect(peak).toBeCloseTo(8.7, 2);
    expect(at).toBeCloseTo(7.5, 0);
    expect(georgiouBloodConcentration(300)).toBeCloseTo(0.651, 3);
  });

  it('is zero up to the onset and shifts with it', () => {
    expect(georgiouBloodConcentration(0)).toBe(0);
    expect(georgiouBloodConcentration(5, 10)).toBe(0);
    expect(georgiouBloodConcentration(17.5, 10)).toBeCloseTo(georgiouBloodConcentration(7.5), 12);
  });

  it('uses an accurate log-gamma', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(7.26)).toBeCloseTo(7.071297376333, 10); // Python math.lgamma(7.26)
  });
});
