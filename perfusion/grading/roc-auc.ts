/**
 * Empirical ROC analysis of one score against a binary class: class split, pROC's direction rule, the
 * Mann-Whitney AUC with ties counted one half, and the ROC curve points. Scores are dimensionless (any
 * feature in any unit: the AUC depends only on their order).
 *
 * AUC = P(positive > negative) + 0.5 P(positive = negative) (Hanley & McNeil, Radiology 1982), computed from
 * midranks in O(N log N) (Mann & Whitney 1947; the same identity as Sun & Xu, IEEE SPL 2014).
 */
import { PerfusionInputError } from '../errors';
import { median } from '../math/quantile';

/** `higher`: higher scores predict the positive class (pROC's `<`); `lower`: lower scores do (pROC's `>`). */
export type RocDirection = 'higher' | 'lower';

export interface ClassSplit {
  /** Scores of positive subjects (pROC's cases), in input order. */
  positives: Float64Array;
  /** Scores of negative subjects (pROC's controls), in input order. */
  negatives: Float64Array;
}

/**
 * Splits scores by class, keeping input order inside each class (paired tests rely on it). `name` labels
 * the score in error messages. Throws on non-finite scores or an empty class.
 */
export function splitByClass(
  scores: ArrayLike<number>,
  isPositive: ArrayLike<boolean>,
  name = 'score',
): ClassSplit {
  if (scores.length !== isPositive.length) {
    throw new PerfusionInputError(
      'SHAPE_MISMATCH',
      `${name}: ${scores.length} scores but ${isPositive.length} class labels; give one label per subject`,
    );
  }
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (!Number.isFinite(s)) {
      throw new PerfusionInputError(
        'NON_FINITE_SCORE',
        `${name}: subject ${i + 1} has score ${s}; remove the subject or fix the value (ROC needs finite numbers)`,
      );
    }
    (isPositive[i] ? pos : neg).push(s);
  }
  if (pos.length === 0 || neg.length === 0) {
    throw new PerfusionInputError(
      'SINGLE_CLASS',
      `${name}: all ${scores.length} subjects are ${pos.length === 0 ? 'negative' : 'positive'}; an ROC needs subjects of both classes`,
    );
  }
  return { positives: Float64Array.from(pos), negatives: Float64Array.from(neg) };
}

/** pROC's `direction = "auto"`: `higher` when median(negatives) <= median(positives), else `lower`. */
export function autoDirection(split: ClassSplit): RocDirection {
  return median(split.negatives) <= median(split.positives) ? 'higher' : 'lower';
}

/** The split with scores negated when direction is `lower`, so that higher always predicts positive. */
export function orient(split: ClassSplit, direction: RocDirection): ClassSplit {
  if (direction === 'higher') return split;
  return { positives: split.positives.map((v) => -v), negatives: split.negatives.map((v) => -v) };
}

/** Midranks (1-based; tied values share the mean of their ranks). */
export function midranks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]] = rank;
    i = j + 1;
  }
  return ranks;
}

/** Mann-Whitney AUC of an oriented split (higher predicts positive), ties counted one half; in [0, 1]. */
export function mannWhitneyAuc(split: ClassSplit): number {
  const m = split.positives.length;
  const n = split.negatives.length;
  const all = new Float64Array(m + n);
  all.set(split.positives, 0);
  all.set(split.negatives, m);
  const ranks = midranks(all);
  let rankSum = 0;
  for (let i = 0; i < m; i++) rankSum += ranks[i];
  return (rankSum - (m * (m + 1)) / 2) / (m * n);
}

export interface RocPoint {
  /** Call positive when the oriented score >= threshold (+Infinity for the (0, 0) corner). */
  threshold: number;
  /** 1 - specificity, fraction of negatives called positive. */
  falsePositiveRate: number;
  /** Sensitivity, fraction of positives called positive. */
  truePositiveRate: number;
}

/**
 * ROC curve of an oriented split: one point per distinct score, from (0, 0) to (1, 1). Thresholds are on
 * the oriented scale (negated scores when the direction is `lower`).
 */
export function rocCurve(split: ClassSplit): RocPoint[] {
  const m = split.positives.length;
  const n = split.negatives.length;
  const pos = Float64Array.from(split.positives).sort().reverse();
  const neg = Float64Array.from(split.negatives).sort().reverse();
  const thresholds = Array.from(new Set([...pos, ...neg])).sort((a, b) => b - a);
  const points: RocPoint[] = [
    { threshold: Number.POSITIVE_INFINITY, falsePositiveRate: 0, truePositiveRate: 0 },
  ];
  let i = 0;
  let j = 0;
  for (const t of thresholds) {
    while (i < m && pos[i] >= t) i++;
    while (j < n && neg[j] >= t) j++;
    points.push({ threshold: t, falsePositiveRate: j / n, truePositiveRate: i / m });
  }
  return points;
}
