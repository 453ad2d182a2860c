/**
 * DeLong's nonparametric variance of the AUC and the covariance of two AUCs on the same subjects
 * (DeLong, DeLong & Clarke-Pearson, Biometrics 1988), computed from placements with midranks as in Sun & Xu
 * (IEEE Signal Processing Letters 2014), the algorithm pROC uses. All quantities are dimensionless.
 *
 * Placements: for each positive, V10 = fraction of negatives below it (ties 1/2); for each negative,
 * V01 = fraction of positives above it (ties 1/2). AUC = mean(V10) = mean(V01);
 * var = s^2(V10)/m + s^2(V01)/n with sample variances (denominators m-1, n-1).
 */
import { PerfusionInputError } from '../errors';
import { type ClassSplit, midranks } from './roc-auc';

export interface DelongPlacements {
  auc: number;
  /** V10, one per positive subject, in the split's order. */
  positivePlacements: Float64Array;
  /** V01, one per negative subject, in the split's order. */
  negativePlacements: Float64Array;
}

/** Placements of an oriented split (higher predicts positive). */
export function delongPlacements(split: ClassSplit): DelongPlacements {
  const m = split.positives.length;
  const n = split.negatives.length;
  const all = new Float64Array(m + n);
  all.set(split.positives, 0);
  all.set(split.negatives, m);
  const rAll = midranks(all);
  const rPos = midranks(split.positives);
  const rNeg = midranks(split.negatives);
  const positivePlacements = new Float64Array(m);
  const negativePlacements = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < m; i++) {
    positivePlacements[i] = (rAll[i] - rPos[i]) / n;
    sum += positivePlacements[i];
  }
  for (let j = 0; j < n; j++) negativePlacements[j] = 1 - (rAll[m + j] - rNeg[j]) / m;
  return { auc: sum / m, positivePlacements, negativePlacements };
}

/**
 * Why DeLong's variance is undefined for these class sizes, or undefined when it is defined: the sample
 * variance of a class's placements needs at least 2 subjects in that class.
 */
export function delongUndefinedReason(m: number, n: number): string | undefined {
  if (m >= 2 && n >= 2) return undefined;
  const which = m < 2 ? `${m} positive subject` : `${n} negative subject`;
  return `DeLong variance needs at least 2 subjects per class; this curve has ${which}, so no interval can be given`;
}

function sampleCovariance(a: Float64Array, b: Float64Array): number {
  const k = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < k; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= k;
  mb /= k;
  let s = 0;
  for (let i = 0; i < k; i++) s += (a[i] - ma) * (b[i] - mb);
  return s / (k - 1);
}

/**
 * DeLong covariance of two AUCs from placements on the same subjects in the same order (pass the same
 * placements twice for the variance). Throws when a class has fewer than 2 subjects.
 */
export function delongCovariance(a: DelongPlacements, b: DelongPlacements): number {
  const m = a.positivePlacements.length;
  const n = a.negativePlacements.length;
  if (b.positivePlacements.length !== m || b.negativePlacements.length !== n) {
    throw new PerfusionInputError(
      'SHAPE_MISMATCH',
      `paired curves must hold the same subjects: ${m}+${n} vs ${b.positivePlacements.length}+${b.negativePlacements.length} positives+negatives`,
    );
  }
  const reason = delongUndefinedReason(m, n);
  if (reason) throw new PerfusionInputError('TOO_FEW_SUBJECTS', reason);
  return (
    sampleCovariance(a.positivePlacements, b.positivePlacements) / m +
    sampleCovariance(a.negativePlacements, b.negativePlacements) / n
  );
}

/** DeLong variance of one AUC. */
export function delongVariance(p: DelongPlacements): number {
  return delongCovariance(p, p);
}
