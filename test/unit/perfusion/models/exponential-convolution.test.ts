import { resampleLinear } from '../../../../perfusion/aif/resample';
import { ConvolutionGrid } from '../../../../perfusion/models/exponential-convolution';

/** Brute-force reference: integral_{ta0}^{t} ca_lin(u) e^{-k(t-u)} du by the midpoint rule on a fine grid. */
function bruteForce(ta: Float64Array, ca: Float64Array, t: number, k: number, delay = 0): number {
  const start = ta[0] + delay;
  if (t <= start) return 0;
  const steps = 20000;
  const du = (t - start) / steps;
  const u = Float64Array.from({ length: steps }, (_, s) => start + (s + 0.5) * du - delay);
  const values = resampleLinear(ta, ca, u);
  let sum = 0;
  for (let s = 0; s < steps; s++) sum += values[s] * Math.exp(-k * (t - u[s] - delay)) * du;
  return sum;
}

function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThan(1e-9 + 1e-6 * Math.abs(expected));
}

describe('exact exponential convolution', () => {
  const ta = new Float64Array([0, 2, 4, 6, 8, 10, 14, 20, 30]);
  const ca = new Float64Array([0, 0, 6, 3, 2, 1.8, 1.5, 1.2, 1]);

  it.each([0, 0.01, 0.2, 3])(
    'matches brute-force integration for k = %p /s, tissue on a finer, non-aligned grid',
    (k) => {
      const t = Float64Array.from({ length: 40 }, (_, i) => 0.3 + i * 0.7);
      const grid = new ConvolutionGrid();
      grid.set(t, ta, ca);
      const y = new Float64Array(t.length);
      grid.convolve(k, y, null);
      t.forEach((ti, i) => {
        expectClose(y[i], bruteForce(ta, ca, ti, k));
      });
    },
  );

  it.each([
    ['a uniform grid', 0],
    ['a delayed AIF (non-uniform steps)', 0.37],
  ])('convolves two rates at once exactly as two single convolutions, on %s', (_, delay) => {
    const t = Float64Array.from({ length: 50 }, (_, i) => i * 0.5);
    const aif = Float64Array.from(t, (ti) => (ti < 3 ? 0 : 5 * (ti - 3) * Math.exp(-(ti - 3) / 2)));
    const grid = new ConvolutionGrid();
    grid.set(t, t, aif, delay);
    const [y1, z1, y2, z2, u1, w1, u2, w2] = Array.from({ length: 8 }, () =>
      new Float64Array(t.length).fill(7),
    );
    grid.convolvePair(0.8, y1, z1, 0.01, y2, z2);
    grid.convolve(0.8, u1, w1);
    grid.convolve(0.01, u2, w2);
    expect([y1, z1, y2, z2].map((a) => Array.from(a))).toEqual([u1, w1, u2, w2].map((a) => Array.from(a)));
    expect(y1[30]).toBeGreaterThan(0);
  });

  it('handles a delayed AIF and tissue samples before the AIF starts', () => {
    const t = Float64Array.from({ length: 30 }, (_, i) => i);
    const grid = new ConvolutionGrid();
    grid.set(t, ta, ca, 2.5);
    const y = new Float64Array(t.length);
    grid.convolve(0.1, y, null);
    t.forEach((ti, i) => {
      expectClose(y[i], bruteForce(ta, ca, ti, 0.1, 2.5));
    });
    expect(grid.caAtT[2]).toBe(0);
    expect(grid.caAtT[7]).toBeCloseTo(5.25, 12); // ca(7 - 2.5 = 4.5), between 6 at 4 s and 3 at 6 s
  });

  it('gives dY/dk equal to a central finite difference', () => {
    const t = Float64Array.from({ length: 25 }, (_, i) => i * 1.3);
    const grid = new ConvolutionGrid();
    grid.set(t, ta, ca);
    const [y, z, yp, ym] = [0, 0, 0, 0].map(() => new Float64Array(t.length));
    const k = 0.15;
    const h = 1e-6;
    grid.convolve(k, y, z);
    grid.convolve(k + h, yp, null);
    grid.convolve(k - h, ym, null);
    for (let i = 0; i < t.length; i++) expect(z[i]).toBeCloseTo((yp[i] - ym[i]) / (2 * h), 5);
  });

  it('gives the exact integral and double integral of the AIF', () => {
    const t = new Float64Array([4, 8, 30]);
    const grid = new ConvolutionGrid();
    grid.set(t, ta, ca);
    expect(grid.integralAtT[0]).toBeCloseTo(6, 12); // triangle 2..4, height 6
    expect(grid.integralAtT[1]).toBeCloseTo(6 + 9 + 5, 12);
    // Double integral = integral_0^t (t - u) ca(u) du = -dY/dk at k = 0.
    const z = new Float64Array(3);
    grid.convolve(0, new Float64Array(3), z);
    expect(grid.doubleIntegralAtT[2]).toBeCloseTo(-z[2], 12);
    // Simpson's rule is exact per segment: (30 - u) ca(u) is quadratic between AIF samples.
    let exact = 0;
    for (let j = 0; j + 1 < ta.length; j++) {
      const f = (u: number, c: number) => (30 - u) * c;
      const mid = (ta[j] + ta[j + 1]) / 2;
      exact +=
        ((ta[j + 1] - ta[j]) / 6) *
        (f(ta[j], ca[j]) + 4 * f(mid, (ca[j] + ca[j + 1]) / 2) + f(ta[j + 1], ca[j + 1]));
    }
    expect(grid.doubleIntegralAtT[2]).toBeCloseTo(exact, 9);
  });
});
