/**
 * The normal equations of a least-squares problem with four unknowns, X^T X and X^T (a - b), in one pass over
 * the samples. Fourteen independent sums keep the processor busy where fourteen dot products taken one after
 * another would each wait on their own additions (about four times faster for 600 samples). Every sum adds
 * the same products in sample order, so the values are those of the dot products.
 */

/**
 * Columns `x0`..`x3` (n samples each), right-hand side `a - b` (pass a zero-filled `b` for `a` alone): writes
 * h = X^T X (4 x 4, row-major, both triangles) and g = X^T (a - b).
 */
export function gramMatrix4(
  x0: Float64Array,
  x1: Float64Array,
  x2: Float64Array,
  x3: Float64Array,
  a: Float64Array,
  b: Float64Array,
  n: number,
  h: Float64Array,
  g: Float64Array,
): void {
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
    const j0 = x0[i];
    const j1 = x1[i];
    const j2 = x2[i];
    const j3 = x3[i];
    const r = a[i] - b[i];
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
