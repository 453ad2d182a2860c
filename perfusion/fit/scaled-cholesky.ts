/**
 * Solves the small damped normal equations of least squares, (H + lambda diag(H)) x = g, over a subset of
 * free unknowns (the rest get 0). Jacobi scaling first (H_ij / sqrt(H_ii H_jj)), because SI columns differ by
 * orders of magnitude (dC/dFp vs dC/dvp), then Cholesky. Marquardt's damping, Marquardt SIAM J Appl Math 1963.
 */

/**
 * `h`: p x p symmetric, row-major; `g`: p; `free[j]` = 1 if unknown j is solved for; `work`: p*p + p scratch.
 * Writes the solution to `x` and returns false when `h` is not symmetric or has a negative diagonal entry (no
 * J^T J does either) or the damped system is not positive definite. A zero diagonal (a parameter that moves
 * nothing) leaves that unknown at 0.
 */
export function solveScaledCholesky(
  p: number,
  h: Float64Array,
  g: Float64Array,
  lambda: number,
  free: Uint8Array,
  work: Float64Array,
  x: Float64Array,
): boolean {
  const a = work;
  const s = x; // scale factors live in x until the back substitution overwrites them
  for (let i = 0; i < p; i++) {
    if (h[i * p + i] < 0) return false;
    s[i] = free[i] && h[i * p + i] > 0 ? 1 / Math.sqrt(h[i * p + i]) : 0;
  }
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      if (j !== i && h[i * p + j] !== h[j * p + i]) return false;
      a[i * p + j] = h[i * p + j] * s[i] * s[j];
    }
    a[i * p + i] = s[i] > 0 ? 1 + lambda : 1;
  }
  // In-place Cholesky: lower triangle of a becomes L.
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j];
    for (let k = 0; k < j; k++) d -= a[j * p + k] * a[j * p + k];
    if (!(d > 1e-14)) return false;
    d = Math.sqrt(d);
    a[j * p + j] = d;
    for (let i = j + 1; i < p; i++) {
      let v = a[i * p + j];
      for (let k = 0; k < j; k++) v -= a[i * p + k] * a[j * p + k];
      a[i * p + j] = v / d;
    }
  }
  const y = p * p; // y lives in work[y .. y + p): no subarray view, so no allocation per solve
  for (let i = 0; i < p; i++) {
    let v = g[i] * s[i];
    for (let k = 0; k < i; k++) v -= a[i * p + k] * work[y + k];
    work[y + i] = v / a[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let v = work[y + i];
    for (let k = i + 1; k < p; k++) v -= a[k * p + i] * work[y + k];
    work[y + i] = v / a[i * p + i];
  }
  for (let i = 0; i < p; i++) x[i] = work[y + i] * s[i];
  return true;
}
