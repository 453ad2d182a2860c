/**
 * Bounded Levenberg-Marquardt for small problems (p <= 8) with analytic Jacobians: Marquardt's scaled
 * damping, steps projected onto the box, and unknowns at a bound whose gradient points outward held fixed
 * for the step (an active-set projection, cf. Kanzow, Yamashita & Fukushima, J Comput Appl Math 2004;172:375).
 * All buffers are allocated once per workspace and reused, so the fitting loop allocates nothing.
 */
import { solveScaledCholesky } from './scaled-cholesky';

/** Model values (into `out`, n) and, column-major, the Jacobian (into `jac`, n x p) at parameters `x`. */
export type ResidualModel = (x: Float64Array, out: Float64Array, jac: Float64Array) => void;

export interface LeastSquaresResult {
  /** Sum of squared residuals at the solution (data units squared). */
  sumSquares: number;
  iterations: number;
}

const MAX_P = 8;

export class LevenbergMarquardt {
  private out = new Float64Array(0);
  private trialOut = new Float64Array(0);
  private jac = new Float64Array(0);
  private trialJac = new Float64Array(0);
  private readonly h = new Float64Array(MAX_P * MAX_P);
  private readonly g = new Float64Array(MAX_P);
  private readonly step = new Float64Array(MAX_P);
  private readonly trial = new Float64Array(MAX_P);
  private readonly free = new Uint8Array(MAX_P);
  private readonly work = new Float64Array(MAX_P * MAX_P + MAX_P);

  private ensure(n: number, p: number): void {
    if (this.out.length < n) {
      this.out = new Float64Array(n);
      this.trialOut = new Float64Array(n);
    }
    if (this.jac.length < n * p) {
      this.jac = new Float64Array(n * MAX_P);
      this.trialJac = new Float64Array(n * MAX_P);
    }
  }

  /**
   * Minimises sum (data - model(x))^2 over lower <= x <= upper, starting from `x` (clamped), in place.
   * Stops when a step changes the sum of squares by less than `relTol` of itself, or after `maxIterations`.
   * The default 1e-6 leaves the parameters within ~sqrt(2e-6 n) (0.035 for n = 600) of their standard errors
   * from the optimum: far below the noise, and it saves an iteration per fit.
   */
  minimise(
    model: ResidualModel,
    data: Float64Array,
    n: number,
    x: Float64Array,
    lower: Float64Array,
    upper: Float64Array,
    maxIterations = 50,
    relTol = 1e-6,
  ): LeastSquaresResult {
    const p = x.length;
    this.ensure(n, p);
    for (let j = 0; j < p; j++) x[j] = Math.min(upper[j], Math.max(lower[j], x[j]));
    model(x, this.out, this.jac);
    let ss = sumSquares(data, this.out, n);
    let lambda = 1e-3;
    let iterations = 0;
    const { h, g, step, trial, free, work } = this;
    while (iterations < maxIterations) {
      iterations++;
      this.normalEquations(data, n, p);
      for (let j = 0; j < p; j++) {
        const atLower = x[j] <= lower[j] && g[j] <= 0;
        const atUpper = x[j] >= upper[j] && g[j] >= 0;
        free[j] = atLower || atUpper ? 0 : 1;
      }
      let accepted = false;
      const previous = ss;
      while (!accepted && lambda < 1e12) {
        if (!solveScaledCholesky(p, h, g, lambda, free, work, step)) {
          lambda *= 10;
          continue;
        }
        for (let j = 0; j < p; j++) trial[j] = Math.min(upper[j], Math.max(lower[j], x[j] + step[j]));
        model(trial, this.trialOut, this.trialJac);
        const trialSs = sumSquares(data, this.trialOut, n);
        if (trialSs < ss) {
          accepted = true;
          ss = trialSs;
          for (let j = 0; j < p; j++) x[j] = trial[j];
          const out = this.out;
          this.out = this.trialOut;
          this.trialOut = out;
          const jac = this.jac;
          this.jac = this.trialJac;
          this.trialJac = jac;
          lambda = Math.max(lambda / 10, 1e-9);
        } else lambda *= 10;
      }
      if (!accepted || previous - ss <= relTol * ss) break;
    }
    return { sumSquares: ss, iterations };
  }

  /** The model values at the last accepted parameters (valid after `minimise`; length >= n). */
  get fitted(): Float64Array {
    return this.out;
  }

  /** h = J^T J, g = J^T (data - model): the Gauss-Newton system. */
  private normalEquations(data: Float64Array, n: number, p: number): void {
    if (p === 4) {
      this.normalEquations4(data, n);
      return;
    }
    const { h, g, jac, out } = this;
    for (let j = 0; j < p; j++) {
      const cj = j * n;
      let gj = 0;
      for (let i = 0; i < n; i++) gj += jac[cj + i] * (data[i] - out[i]);
      g[j] = gj;
      for (let k = 0; k <= j; k++) {
        const ck = k * n;
        let s = 0;
        for (let i = 0; i < n; i++) s += jac[cj + i] * jac[ck + i];
        h[j * p + k] = s;
        h[k * p + j] = s;
      }
    }
  }

  /**
   * The same for four unknowns (the 2CXM, the most fitted model) in one pass: fourteen independent sums
   * instead of fourteen dot products one after another, each waiting on its own additions (about four times
   * faster). Every sum adds the same products in the same order, so the values are identical.
   */
  private normalEquations4(data: Float64Array, n: number): void {
    const { h, g, jac, out } = this;
    let g0 = 0;
    let g1 = 0;
    let g2 = 0;
    let g3 = 0;
    let h00 = 0;
    let h10 = 0;
    let h11 = 0;
    let h20 = 0;
    let h21 = 0;
    let h22 = 0;
    let h30 = 0;
    let h31 = 0;
    let h32 = 0;
    let h33 = 0;
    for (let i = 0; i < n; i++) {
      const j0 = jac[i];
      const j1 = jac[n + i];
      const j2 = jac[2 * n + i];
      const j3 = jac[3 * n + i];
      const r = data[i] - out[i];
      g0 += j0 * r;
      g1 += j1 * r;
      g2 += j2 * r;
      g3 += j3 * r;
      h00 += j0 * j0;
      h10 += j1 * j0;
      h11 += j1 * j1;
      h20 += j2 * j0;
      h21 += j2 * j1;
      h22 += j2 * j2;
      h30 += j3 * j0;
      h31 += j3 * j1;
      h32 += j3 * j2;
      h33 += j3 * j3;
    }
    g[0] = g0;
    g[1] = g1;
    g[2] = g2;
    g[3] = g3;
    const sums = [h00, h10, h11, h20, h21, h22, h30, h31, h32, h33];
    for (let j = 0, s = 0; j < 4; j++) {
      for (let k = 0; k <= j; k++, s++) {
        h[j * 4 + k] = sums[s];
        h[k * 4 + j] = sums[s];
      }
    }
  }
}

function sumSquares(data: Float64Array, model: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const r = data[i] - model[i];
    s += r * r;
  }
  return s;
}
