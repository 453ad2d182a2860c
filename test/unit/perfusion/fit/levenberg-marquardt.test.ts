import { LevenbergMarquardt, type ResidualModel } from '../../../../perfusion/fit/levenberg-marquardt';

// Run to convergence (no relative-change stop): the answers below are exact to rounding.
const MAX_ITERATIONS = 500;
const EXACT = 0;

/** y = a e^{-k t} + c at times `t`, with its Jacobian columns d/da, d/dk, d/dc. */
function decayWithOffset(t: Float64Array): ResidualModel {
  const n = t.length;
  return (x, out, jac) => {
    for (let i = 0; i < n; i++) {
      const e = Math.exp(-x[1] * t[i]);
      out[i] = x[0] * e + x[2];
      jac[i] = e;
      jac[n + i] = -x[0] * t[i] * e;
      jac[2 * n + i] = 1;
    }
  };
}

/** Gradient of f(x) = sum (data - model(x))^2: df/dx_j = -2 sum_i r_i J_ij; also ||J_j|| ||r|| per column as its scale. */
function gradient(
  model: ResidualModel,
  data: Float64Array,
  x: Float64Array,
): { g: number[]; scale: number[] } {
  const n = data.length;
  const out = new Float64Array(n);
  const jac = new Float64Array(n * x.length);
  model(x, out, jac);
  const r = Array.from(data, (d, i) => d - out[i]);
  const rNorm = Math.hypot(...r);
  return {
    g: Array.from(x, (_, j) => -2 * r.reduce((s, ri, i) => s + ri * jac[j * n + i], 0)),
    scale: Array.from(x, (_, j) => 2 * rNorm * Math.hypot(...jac.subarray(j * n, (j + 1) * n))),
  };
}

describe('bounded Levenberg-Marquardt', () => {
  const t = Float64Array.from({ length: 41 }, (_, i) => 0.5 * i);
  const model = decayWithOffset(t);
  // Data from a = 2, k = 0.3, c = -0.2: the box a <= 1.5, c >= 0 excludes that unconstrained minimum.
  const data = new Float64Array(t.length);
  model(Float64Array.from([2, 0.3, -0.2]), data, new Float64Array(3 * t.length));
  const lower = Float64Array.from([0.1, 0.01, 0]);
  const upper = Float64Array.from([1.5, 2, 1]);

  it('meets the KKT conditions when the unconstrained minimum lies outside the bounds', () => {
    const x = Float64Array.from([1, 1, 0.5]);
    const result = new LevenbergMarquardt().minimise(
      model,
      data,
      t.length,
      x,
      lower,
      upper,
      MAX_ITERATIONS,
      EXACT,
    );
    expect(result.sumSquares).toBeGreaterThan(0.1); // the bounds cost fit: a real constrained problem
    expect([x[0], x[2]]).toEqual([upper[0], lower[2]]);
    expect(x[1]).toBeGreaterThan(lower[1]);
    expect(x[1]).toBeLessThan(upper[1]);
    const { g, scale } = gradient(model, data, x);
    // Free k: stationary. a at its upper bound: f falls as a rises (df/da < 0, descent points out of the box).
    // c at its lower bound: f falls as c drops (df/dc > 0). Strictly, so each bound is active. A step is
    // accepted only if it lowers f, which f's rounding (eps f) resolves down to |g| ~ sqrt(eps) of its scale.
    expect(Math.abs(g[1])).toBeLessThan(1e-7 * scale[1]);
    expect(g[0]).toBeLessThan(-1e-3 * scale[0]);
    expect(g[2]).toBeGreaterThan(1e-3 * scale[2]);
  });

  it('finds the same k as a bisection of df/dk = 0 with a and c held at their active bounds', () => {
    const x = Float64Array.from([0.5, 0.05, 0.9]);
    new LevenbergMarquardt().minimise(model, data, t.length, x, lower, upper, MAX_ITERATIONS, EXACT);
    const dfdk = (k: number) => gradient(model, data, Float64Array.from([upper[0], k, lower[2]])).g[1];
    let [lo, hi] = [lower[1], upper[1]];
    expect(Math.sign(dfdk(lo))).toBe(-Math.sign(dfdk(hi)));
    for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
      const mid = (lo + hi) / 2;
      if (Math.sign(dfdk(mid)) === Math.sign(dfdk(lo))) lo = mid;
      else hi = mid;
    }
    expect(Math.abs(x[1] - (lo + hi) / 2)).toBeLessThan(1e-8 * x[1]);
  });

  it('recovers a degree-7 polynomial to 1e-8 although cond(J) is 1.1e5 (cond(J^T J) 1.2e10)', () => {
    const tv = Float64Array.from({ length: 50 }, (_, i) => i / 49);
    const n = tv.length;
    const monomials: ResidualModel = (x, out, jac) => {
      for (let i = 0; i < n; i++) {
        let sum = 0;
        let power = 1;
        for (let j = 0; j < 8; j++) {
          sum += x[j] * power;
          jac[j * n + i] = power;
          power *= tv[i];
        }
        out[i] = sum;
      }
    };
    const truth = Float64Array.from([1, -2, 3, 0.5, -1, 2, -0.25, 0.125]);
    const data = new Float64Array(n);
    monomials(truth, data, new Float64Array(8 * n));
    const x = new Float64Array(8);
    const box = [new Float64Array(8).fill(-100), new Float64Array(8).fill(100)];
    new LevenbergMarquardt().minimise(monomials, data, n, x, box[0], box[1], MAX_ITERATIONS, EXACT);
    x.forEach((v, j) => {
      expect(Math.abs(v - truth[j])).toBeLessThan(1e-8);
    });
  });

  it('recovers two exponentials with close rates (0.5 and 0.6 /s, cond(J) 7e3) to 1e-8', () => {
    const tt = Float64Array.from({ length: 60 }, (_, i) => 0.25 * i);
    const n = tt.length;
    const twoExponentials: ResidualModel = (x, out, jac) => {
      for (let i = 0; i < n; i++) {
        const e1 = Math.exp(-x[1] * tt[i]);
        const e2 = Math.exp(-x[3] * tt[i]);
        out[i] = x[0] * e1 + x[2] * e2;
        jac[i] = e1;
        jac[n + i] = -x[0] * tt[i] * e1;
        jac[2 * n + i] = e2;
        jac[3 * n + i] = -x[2] * tt[i] * e2;
      }
    };
    const truth = Float64Array.from([1, 0.5, 0.5, 0.6]);
    const data = new Float64Array(n);
    twoExponentials(truth, data, new Float64Array(4 * n));
    // Bounds separate the two rates so the components cannot swap.
    const x = Float64Array.from([0.7, 0.4, 0.8, 0.8]);
    const lm = new LevenbergMarquardt();
    const result = lm.minimise(
      twoExponentials,
      data,
      n,
      x,
      Float64Array.from([0, 0.3, 0, 0.55]),
      Float64Array.from([5, 0.55, 5, 1.5]),
      MAX_ITERATIONS,
      EXACT,
    );
    x.forEach((v, j) => {
      expect(Math.abs(v - truth[j])).toBeLessThan(1e-8);
    });
    expect(result.sumSquares).toBeLessThan(1e-20);
    expect(Math.max(...lm.fitted.subarray(0, n).map((v, i) => Math.abs(v - data[i])))).toBeLessThan(1e-10);
  });

  it('solves the Rosenbrock problem (More, Garbow & Hillstrom 1981, no. 1) from (-1.2, 1) to (1, 1)', () => {
    const rosenbrock: ResidualModel = (x, out, jac) => {
      out[0] = 10 * (x[1] - x[0] * x[0]);
      out[1] = x[0];
      jac.set([-20 * x[0], 1, 10, 0]);
    };
    const x = Float64Array.from([-1.2, 1]);
    const box = [Float64Array.from([-10, -10]), Float64Array.from([10, 10])];
    new LevenbergMarquardt().minimise(
      rosenbrock,
      Float64Array.from([0, 1]),
      2,
      x,
      box[0],
      box[1],
      MAX_ITERATIONS,
      EXACT,
    );
    expect(Math.abs(x[0] - 1)).toBeLessThan(1e-8);
    expect(Math.abs(x[1] - 1)).toBeLessThan(1e-8);
  });
});
