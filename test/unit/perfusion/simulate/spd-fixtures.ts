/**
 * Symmetric positive-definite test systems of known spectrum for the conjugate-gradient tests:
 * A = D B D with B = Q diag(lambda) Q^T. Q is a seeded "flat" orthogonal matrix (a Sylvester-Hadamard matrix
 * with random row order and random row and column signs, scaled by 1/sqrt(n)): every entry is +-1/sqrt(n), so
 * diag(B) = mean(lambda) everywhere and the Jacobi-preconditioned operator diag(A)^{-1/2} A diag(A)^{-1/2} is
 * B / mean(lambda), whose condition number is exactly max(lambda)/min(lambda) whatever the scaling D.
 */
import { createSeededRandom } from '../../../../perfusion/random/seeded-random';

export interface SpdSystem {
  n: number;
  /** Dense A, row-major. */
  a: Float64Array;
  /** `apply(v, out)`: out = A v. */
  apply: (v: Float64Array, out: Float64Array) => void;
  diagonal: Float64Array;
  /** Exact solution and right-hand side b = A x. */
  x: Float64Array;
  b: Float64Array;
}

/** `lambda.length` must be a power of two; `scaleDecades` spreads D log-uniformly over +-that many decades. */
export function spdSystem(lambda: number[], seed: number, scaleDecades = 0): SpdSystem {
  const n = lambda.length;
  const rng = createSeededRandom(seed);
  const sign = () => (rng.next() < 0.5 ? -1 : 1);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const rowSign = order.map(sign);
  const colSign = order.map(sign);
  // Sylvester: H_ij = (-1)^popcount(i & j).
  const q = (i: number, k: number) => {
    let bits = order[i] & k;
    let parity = 1;
    for (; bits; bits &= bits - 1) parity = -parity;
    return (parity * rowSign[i] * colSign[k]) / Math.sqrt(n);
  };
  const d = Float64Array.from({ length: n }, () => 10 ** (scaleDecades * (2 * rng.next() - 1)));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q(i, k) * lambda[k] * q(j, k);
      a[i * n + j] = d[i] * s * d[j];
    }
  }
  const apply = (v: Float64Array, out: Float64Array) => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j] * v[j];
      out[i] = s;
    }
  };
  const x = Float64Array.from({ length: n }, () => 2 * rng.next() - 1);
  const b = new Float64Array(n);
  apply(x, b);
  return { n, a, apply, diagonal: Float64Array.from({ length: n }, (_, i) => a[i * n + i]), x, b };
}

/** ||u - v||_A = sqrt((u - v)^T A (u - v)). */
export function energyNorm(
  system: SpdSystem,
  u: Float64Array,
  v: Float64Array = new Float64Array(u.length),
): number {
  const e = Float64Array.from(u, (ui, i) => ui - v[i]);
  const ae = new Float64Array(e.length);
  system.apply(e, ae);
  return Math.sqrt(e.reduce((s, ei, i) => s + ei * ae[i], 0));
}
