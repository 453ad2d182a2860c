/**
 * Jacobi-preconditioned conjugate gradients for a symmetric positive-definite operator given as a
 * matrix-free product (Saad, Iterative Methods for Sparse Linear Systems, 2nd ed., Alg. 9.1). Stops on the
 * *true* residual ||b - A x|| <= tol ||b||, recomputed at the end so drift of the recursive residual cannot
 * hide an inaccurate solution.
 */
import { PerfusionInputError } from '../errors';

export interface CgResult {
  x: Float64Array;
  iterations: number;
  /** ||b - A x|| / ||b|| of the returned x. */
  relativeResidual: number;
}

/** Solves A x = b; `apply(v, out)` writes A v into out; `diagonal` is A's diagonal (all > 0). */
export function conjugateGradient(
  apply: (v: Float64Array, out: Float64Array) => void,
  diagonal: Float64Array,
  b: Float64Array,
  tolerance: number,
  maxIterations: number,
): CgResult {
  const n = b.length;
  const x = new Float64Array(n);
  const r = Float64Array.from(b);
  const z = new Float64Array(n);
  const p = new Float64Array(n);
  const ap = new Float64Array(n);
  const bNorm = Math.sqrt(dot(b, b));
  if (bNorm === 0) return { x, iterations: 0, relativeResidual: 0 };
  for (let i = 0; i < n; i++) z[i] = r[i] / diagonal[i];
  p.set(z);
  let rz = dot(r, z);
  let it = 0;
  for (let restart = 0; restart < 3; restart++) {
    for (; it < maxIterations; it++) {
      if (Math.sqrt(dot(r, r)) <= tolerance * bNorm * 0.5) break;
      apply(p, ap);
      const alpha = rz / dot(p, ap);
      for (let i = 0; i < n; i++) {
        x[i] += alpha * p[i];
        r[i] -= alpha * ap[i];
      }
      for (let i = 0; i < n; i++) z[i] = r[i] / diagonal[i];
      const rzNew = dot(r, z);
      const beta = rzNew / rz;
      rz = rzNew;
      for (let i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
    }
    // Recompute the true residual; restart from it if the recursion drifted.
    apply(x, ap);
    for (let i = 0; i < n; i++) r[i] = b[i] - ap[i];
    const rel = Math.sqrt(dot(r, r)) / bNorm;
    if (rel <= tolerance) return { x, iterations: it, relativeResidual: rel };
    for (let i = 0; i < n; i++) z[i] = r[i] / diagonal[i];
    p.set(z);
    rz = dot(r, z);
    if (it >= maxIterations) break;
  }
  apply(x, ap);
  let rr = 0;
  for (let i = 0; i < n; i++) rr += (b[i] - ap[i]) ** 2;
  throw new PerfusionInputError(
    'SOLVER_NOT_CONVERGED',
    `conjugate gradients reached relative residual ${(Math.sqrt(rr) / bNorm).toExponential(2)} after ${it} iterations (tolerance ${tolerance}); check that every perfused region drains to a sink`,
  );
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
