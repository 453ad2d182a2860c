/**
 * Linear least-squares (LLS) estimates of each model's parameters: integrating the model's differential
 * equation turns it into a linear regression of C(t) on integrals of C and ca, solved in one pass. Exact on
 * noise-free data, and a start close enough that Levenberg-Marquardt needs few iterations.
 * 2CXM: Flouri D, Lesnic D, Sourbron SP, MRM 2016;76:998 (doi 10.1002/mrm.25991):
 *   C = -alpha iiC - beta iC + gamma iica + Fp ica, alpha = 1/(Tc Te), beta = (T + Te)/(Tc Te), gamma = (vp + ve) alpha.
 * ETM (Murase K, MRM 2004;51:858): C = -kep iC + (Ktrans + kep vp) ica + vp ca; Tofts: vp = 0.
 * 2CUM: C = -iC/Tp + Fp ica + (Ktrans/Tp) iica. Patlak is linear as it stands.
 * (iX: running integral from the first sample, trapezoid for C, exact for the piecewise-linear ca.)
 */
import type { ConvolutionGrid } from '../models/exponential-convolution';
import type { ModelName } from '../models/kinetic-model';
import { gramMatrix4 } from './gram-matrix';
import { solveScaledCholesky } from './scaled-cholesky';

/** Scratch for the regressions, sized to the curve; reused across curves. */
export class LinearWorkspace {
  columns = new Float64Array(0);
  integral = new Float64Array(0);
  doubleIntegral = new Float64Array(0);
  /** All zeros: the right-hand side offset of a regression on ct alone. */
  zeros = new Float64Array(0);
  readonly h = new Float64Array(16);
  readonly g = new Float64Array(4);
  readonly b = new Float64Array(4);
  readonly work = new Float64Array(20);
  readonly free = new Uint8Array([1, 1, 1, 1]);

  ensure(n: number): void {
    if (this.integral.length >= n) return;
    this.columns = new Float64Array(4 * n);
    this.integral = new Float64Array(n);
    this.doubleIntegral = new Float64Array(n);
    this.zeros = new Float64Array(n);
  }
}

/**
 * Running trapezoid integrals of the tissue curve `ct` (mM) over times `t` (s) into the workspace: once per
 * curve, however many AIF delays are then tried.
 */
export function integrateTissue(t: Float64Array, ct: Float64Array, ws: LinearWorkspace): void {
  const n = t.length;
  ws.ensure(n);
  const iC = ws.integral;
  const iiC = ws.doubleIntegral;
  iC[0] = 0;
  iiC[0] = 0;
  for (let i = 1; i < n; i++) {
    const dt = t[i] - t[i - 1];
    iC[i] = iC[i - 1] + 0.5 * dt * (ct[i] + ct[i - 1]);
    iiC[i] = iiC[i - 1] + 0.5 * dt * (iC[i] + iC[i - 1]);
  }
}

/**
 * LLS estimate for `model` from the tissue curve `ct` (mM), whose integrals `integrateTissue` has put in `ws`,
 * and the AIF integrals of `grid` (built for the same times). Writes SI parameters (model order) to `p`;
 * false when non-physical.
 */
export function linearEstimate(
  model: ModelName,
  grid: ConvolutionGrid,
  ct: Float64Array,
  ws: LinearWorkspace,
  p: Float64Array,
): boolean {
  const n = grid.n;
  const iC = ws.integral;
  const iiC = ws.doubleIntegral;
  const ica = grid.integralAtT;
  const iica = grid.doubleIntegralAtT;
  const ca = grid.caAtT;
  const b = ws.b;
  switch (model) {
    case '2cxm': {
      if (!regress(ws, n, ct, [iiC, iC, iica, ica], [-1, -1, 1, 1])) return false;
      const [alpha, beta, gamma, fp] = [b[0], b[1], b[2], b[3]];
      const T = gamma / (alpha * fp);
      const te = beta / alpha - T;
      const tc = 1 / (alpha * te);
      const vp = tc * fp;
      const ve = T * fp - vp;
      return store(p, fp, ve / te, vp, ve);
    }
    case 'etm': {
      if (!regress(ws, n, ct, [iC, ica, ca], [-1, 1, 1])) return false;
      const [kep, vp] = [b[0], b[2]];
      const ktrans = b[1] - kep * vp;
      return store(p, ktrans, ktrans / kep, vp);
    }
    case 'tofts': {
      if (!regress(ws, n, ct, [iC, ica], [-1, 1])) return false;
      return store(p, b[1], b[1] / b[0]);
    }
    case 'patlak': {
      if (!regress(ws, n, ct, [ica, ca], [1, 1])) return false;
      return store(p, b[0], b[1]);
    }
    case '2cum': {
      if (!regress(ws, n, ct, [iC, ica, iica], [-1, 1, 1])) return false;
      const [kp, fp] = [b[0], b[1]];
      const ktrans = b[2] / kp;
      const ps = (ktrans * fp) / (fp - ktrans);
      return store(p, fp, ps, (fp + ps) / kp);
    }
  }
}

/** Least squares ct ~ sum_j b_j sign_j x_j via the scaled normal equations; coefficients land in ws.b. */
function regress(
  ws: LinearWorkspace,
  n: number,
  ct: Float64Array,
  xs: Float64Array[],
  signs: number[],
): boolean {
  const q = xs.length;
  const { h, g } = ws;
  if (q === 4) {
    // Signs applied after summing: negating a sum is exact, so the values match the loop below.
    gramMatrix4(xs[0], xs[1], xs[2], xs[3], ct, ws.zeros, n, h, g);
    for (let j = 0; j < 4; j++) {
      g[j] *= signs[j];
      for (let k = 0; k < 4; k++) h[j * 4 + k] *= signs[j] * signs[k];
    }
    return solveScaledCholesky(q, h, g, 0, ws.free, ws.work, ws.b);
  }
  for (let j = 0; j < q; j++) {
    const xj = xs[j];
    let gj = 0;
    for (let i = 0; i < n; i++) gj += xj[i] * ct[i];
    g[j] = signs[j] * gj;
    for (let k = 0; k <= j; k++) {
      const xk = xs[k];
      let s = 0;
      for (let i = 0; i < n; i++) s += xj[i] * xk[i];
      h[j * q + k] = h[k * q + j] = signs[j] * signs[k] * s;
    }
  }
  return solveScaledCholesky(q, h, g, 0, ws.free, ws.work, ws.b);
}

function store(p: Float64Array, ...values: number[]): boolean {
  let ok = true;
  values.forEach((v, j) => {
    p[j] = v;
    ok = ok && Number.isFinite(v) && v >= 0;
  });
  return ok;
}
