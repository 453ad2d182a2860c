import { PARKER_2006, parkerPlasmaAif } from '../../../../perfusion/aif/parker-aif';
import {
  type ParkerFamilyParameters,
  parkerFamilyPlasmaAif,
  parkerFamilyTerms,
} from '../../../../perfusion/aif/parker-family-aif';

const reference: ParkerFamilyParameters = {
  onsetS: 12,
  doseMmolPerKg: 0.1,
  timeScale: 1,
  injectionS: 4,
  referenceInjectionS: 4,
  recirculation: 1,
  washoutRate: 1,
  hct: 0.42,
  referenceHct: 0.42,
};
const dt = 0.01;
const grid = Float64Array.from({ length: 60000 }, (_, i) => i * dt);

/** Area (mM s), mean time (s) and variance (s^2) of one term sampled on `grid`. */
function moments(values: ArrayLike<number>) {
  let [m0, m1, m2] = [0, 0, 0];
  for (let i = 0; i < values.length; i++) {
    m0 += values[i] * dt;
    m1 += values[i] * grid[i] * dt;
    m2 += values[i] * grid[i] * grid[i] * dt;
  }
  const mean = m1 / m0;
  return { area: m0, mean, variance: m2 / m0 - mean * mean };
}
const term = (p: ParkerFamilyParameters, key: 'firstPass' | 'recirculation' | 'washout') =>
  Float64Array.from(grid, (t) => parkerFamilyTerms(t, p)[key]);

describe('Parker family AIF', () => {
  it("is Parker's plasma curve, scaled by dose, when every factor is at its reference", () => {
    const t = Float64Array.from({ length: 400 }, (_, i) => i * 0.75);
    for (const dose of [0.1, 0.05]) {
      const family = parkerFamilyPlasmaAif(t, { ...reference, doseMmolPerKg: dose });
      const parker = parkerPlasmaAif(t, { onsetS: 12, hct: 0.42 });
      for (let i = 0; i < t.length; i++)
        expect(Math.abs(family[i] - (parker[i] * dose) / 0.1)).toBeLessThan(1e-12 * (1 + parker[i]));
    }
  });

  it.each([0.7, 1.4])(
    'stretches the first pass by the time scale %p with area dose x time scale (Stewart-Hamilton)',
    (k) => {
      const p = { ...reference, timeScale: k, doseMmolPerKg: 0.08 };
      const first = moments(term(p, 'firstPass'));
      const ref = moments(term(reference, 'firstPass'));
      expect(first.area / ref.area).toBeCloseTo(0.8 * k, 5);
      expect(first.mean - p.onsetS).toBeCloseTo(PARKER_2006.t1 * 60 * k, 1);
      expect(Math.sqrt(first.variance) / Math.sqrt(ref.variance)).toBeCloseTo(k, 4);
    },
  );

  it('widens the first pass as a box injection would: same area, mean and variance as the convolution', () => {
    const instant = { ...reference, referenceInjectionS: 0, injectionS: 0 };
    const long = { ...instant, injectionS: 8 };
    const base = term(instant, 'firstPass');
    // Box convolution of the instantaneous first pass, width 8 s (800 samples).
    const width = Math.round(8 / dt);
    const convolved = new Float64Array(grid.length);
    let running = 0;
    for (let i = 0; i < grid.length; i++) {
      running += base[i] - (i >= width ? base[i - width] : 0);
      convolved[i] = running / width;
    }
    // Both are cut at the onset (about 3 sd before the instantaneous peak), which costs 0.1% of the area.
    const a = moments(term(long, 'firstPass'));
    const b = moments(convolved);
    expect(Math.abs(a.area / b.area - 1)).toBeLessThan(0.002);
    expect(Math.abs(a.mean - b.mean)).toBeLessThan(0.05);
    expect(Math.abs(a.variance / b.variance - 1)).toBeLessThan(0.01);
    // The shapes differ only by the Gaussian approximation of a Gaussian-box convolution.
    const peak = Math.max(...convolved);
    const long1 = term(long, 'firstPass');
    const worst = Math.max(...convolved.map((c, i) => Math.abs(c - long1[i])));
    expect(worst / peak).toBeLessThan(0.03);
  });

  it('keeps the late plasma level whatever the haematocrit, while the first-pass plasma area goes as 1/(1 - Hct)', () => {
    const t = Float64Array.of(15, 22, 300);
    const low = parkerFamilyPlasmaAif(t, { ...reference, hct: 0.36 });
    const high = parkerFamilyPlasmaAif(t, { ...reference, hct: 0.5 });
    expect(high[2] / low[2]).toBeCloseTo(1, 2);
    const first = (hct: number) => moments(term({ ...reference, hct }, 'firstPass')).area / (1 - hct);
    expect(first(0.5) / first(0.36)).toBeCloseTo(0.64 / 0.5, 6);
  });

  it('scales the recirculation area and the washout rate by their factors', () => {
    const more = { ...reference, recirculation: 1.3 };
    expect(
      moments(term(more, 'recirculation')).area / moments(term(reference, 'recirculation')).area,
    ).toBeCloseTo(1.3, 6);
    const faster = { ...reference, washoutRate: 1.25 };
    const at = (p: ParkerFamilyParameters, s: number) => parkerFamilyTerms(s, p).washout;
    const slope = (p: ParkerFamilyParameters) => Math.log(at(p, 132) / at(p, 252)) / 2; // per minute
    expect(slope(faster) / slope(reference)).toBeCloseTo(1.25, 3);
  });

  it('rejects an injection so much shorter than the reference that the first pass has no width', () => {
    expect(() =>
      parkerFamilyPlasmaAif(grid, { ...reference, timeScale: 0.3, injectionS: 0, referenceInjectionS: 12 }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_AIF' }));
  });
});
