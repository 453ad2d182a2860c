/**
 * Standard normal CDF and quantile, accurate to ~1e-15 relative, for DeLong intervals and p-values that
 * must match pROC (R's pnorm/qnorm) to 1e-8. Dimensionless.
 *
 * erf by its everywhere-positive series erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (2n+1)!!
 * (Abramowitz & Stegun 7.1.6), which has no cancellation; erfc for x >= 3 by the Laplace continued fraction
 * (A&S 7.1.14) evaluated with the modified Lentz method (Numerical Recipes 3rd ed., 5.2).
 */
import { PerfusionInputError } from '../errors';

const SQRT_PI = Math.sqrt(Math.PI);

/** erfc(x) for x >= 0. */
function erfcNonNegative(x: number): number {
  if (x < 3) return 1 - erfSeries(x);
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / SQRT_PI / f;
}

function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return (2 / SQRT_PI) * Math.exp(-x * x) * sum;
}

/** Phi(z) = P(Z <= z) for a standard normal Z; z dimensionless. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (!Number.isFinite(z)) return z > 0 ? 1 : 0;
  const tail = 0.5 * erfcNonNegative(Math.abs(z) / Math.SQRT2);
  return z < 0 ? tail : 1 - tail;
}

/** Standard normal density phi(z). */
function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/**
 * Phi^-1(p) for p in (0, 1): Newton steps on normalCdf inside a bisection bracket, so it is as accurate as
 * normalCdf (qnorm(0.975) = 1.959963984540054).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    throw new PerfusionInputError('INVALID_PROBABILITY', `normal quantile needs p in (0, 1), got ${p}`);
  }
  if (p < 0.5) return -normalQuantile(1 - p);
  let lo = 0;
  let hi = 40;
  let x = 1;
  for (let i = 0; i < 200; i++) {
    const f = normalCdf(x) - p;
    if (f > 0) hi = x;
    else lo = x;
    let next = x - f / normalPdf(x);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) <= 1e-15 * Math.max(1, Math.abs(x))) return next;
    x = next;
  }
  return x;
}
