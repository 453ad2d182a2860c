/**
 * L2-penalised logistic regression fitted by Newton-Raphson (IRLS), with features standardised on the
 * training subjects only (mean and sample SD), so the penalty treats features alike and nothing of a test
 * subject leaks into training (Hastie, Tibshirani & Friedman, ESL 2nd ed., 4.4.1 and 3.4.1).
 *
 * Maximises sum_i [y_i log p_i + (1 - y_i) log(1 - p_i)] - (lambda/2) ||beta||^2 over the standardised
 * coefficients; the intercept is not penalised. Features are dimensionless after standardisation; lambda
 * is dimensionless. Output probabilities are P(positive).
 */
import { PerfusionInputError } from '../errors';

export interface LogisticModel {
  intercept: number;
  /** Coefficients on the standardised features. */
  coefficients: Float64Array;
  /** Training means and SDs used to standardise each feature (SD 1 for a constant feature). */
  means: Float64Array;
  sds: Float64Array;
  penalty: number;
}

/** Fits on rows `train` of feature columns `columns` (one Float64Array per feature, one value per subject). */
export function fitLogistic(
  columns: readonly Float64Array[],
  isPositive: ArrayLike<boolean>,
  train: ArrayLike<number>,
  penalty: number,
): LogisticModel {
  if (!(penalty > 0)) {
    throw new PerfusionInputError(
      'INVALID_PENALTY',
      `the L2 penalty must be > 0 (separable data diverge without it), got ${penalty}`,
    );
  }
  const p = columns.length;
  const n = train.length;
  const means = new Float64Array(p);
  const sds = new Float64Array(p);
  const x = columns.map((col, j) => {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += col[train[i]];
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (col[train[i]] - mean) ** 2;
    const sd = n > 1 && ss > 0 ? Math.sqrt(ss / (n - 1)) : 1;
    means[j] = mean;
    sds[j] = sd;
    return Float64Array.from({ length: n }, (_, i) => (col[train[i]] - mean) / sd);
  });
  const y = Float64Array.from({ length: n }, (_, i) => (isPositive[train[i]] ? 1 : 0));
  const beta = new Float64Array(p + 1); // beta[0] = intercept
  const dim = p + 1;
  for (let iter = 0; iter < 100; iter++) {
    const grad = new Float64Array(dim);
    const hess = new Float64Array(dim * dim);
    for (let i = 0; i < n; i++) {
      let eta = beta[0];
      for (let j = 0; j < p; j++) eta += beta[j + 1] * x[j][i];
      const prob = 1 / (1 + Math.exp(-eta));
      const w = prob * (1 - prob);
      const r = y[i] - prob;
      for (let a = 0; a < dim; a++) {
        const xa = a === 0 ? 1 : x[a - 1][i];
        grad[a] += r * xa;
        for (let b = 0; b <= a; b++) hess[a * dim + b] += w * xa * (b === 0 ? 1 : x[b - 1][i]);
      }
    }
    for (let a = 1; a < dim; a++) {
      grad[a] -= penalty * beta[a];
      hess[a * dim + a] += penalty;
    }
    const step = solveSymmetric(hess, grad, dim);
    let maxStep = 0;
    for (let a = 0; a < dim; a++) {
      beta[a] += step[a];
      maxStep = Math.max(maxStep, Math.abs(step[a]));
    }
    if (maxStep < 1e-10) break;
  }
  return { intercept: beta[0], coefficients: beta.slice(1), means, sds, penalty };
}

/** P(positive) for each subject index in `rows`. */
export function predictLogistic(
  model: LogisticModel,
  columns: readonly Float64Array[],
  rows: ArrayLike<number>,
): Float64Array {
  return Float64Array.from({ length: rows.length }, (_, i) => {
    let eta = model.intercept;
    for (let j = 0; j < columns.length; j++)
      eta += (model.coefficients[j] * (columns[j][rows[i]] - model.means[j])) / model.sds[j];
    return 1 / (1 + Math.exp(-eta));
  });
}

/** Solves H s = g for a symmetric positive-definite H (lower triangle filled) by Cholesky. */
function solveSymmetric(h: Float64Array, g: Float64Array, dim: number): Float64Array {
  const l = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j <= i; j++) {
      let s = h[i * dim + j];
      for (let k = 0; k < j; k++) s -= l[i * dim + k] * l[j * dim + k];
      // The intercept's pivot can only vanish when every training weight does (all p = 0 or 1); a floor keeps
      // the step finite and Newton converges anyway.
      l[i * dim + j] = i === j ? Math.sqrt(Math.max(s, 1e-300)) : s / l[j * dim + j];
    }
  }
  const z = new Float64Array(dim);
  for (let i = 0; i < dim; i++) {
    let s = g[i];
    for (let k = 0; k < i; k++) s -= l[i * dim + k] * z[k];
    z[i] = s / l[i * dim + i];
  }
  const out = new Float64Array(dim);
  for (let i = dim - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < dim; k++) s -= l[k * dim + i] * out[k];
    out[i] = s / l[i * dim + i];
  }
  return out;
}
