/**
 * Univariate threshold classifier: on the training subjects, the direction by pROC's median rule and the
 * cut-off maximising Youden's J = sensitivity + specificity - 1 (Youden, Cancer 1950), taken midway between
 * adjacent distinct training values. Its decision score is the signed distance to the cut-off in training
 * SDs, so scores of different folds are on one scale and can be pooled. Feature units cancel.
 */
import { autoDirection, type RocDirection, rocCurve } from './roc-auc';

export interface ThresholdModel {
  direction: RocDirection;
  /** Cut-off in the feature's own units. */
  threshold: number;
  /** Training SD of the feature (1 when constant), the unit of the decision score. */
  scale: number;
}

/** Fits on rows `train` of one feature column. */
export function fitThreshold(
  column: Float64Array,
  isPositive: ArrayLike<boolean>,
  train: ArrayLike<number>,
): ThresholdModel {
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < train.length; i++) (isPositive[train[i]] ? pos : neg).push(column[train[i]]);
  const split = { positives: Float64Array.from(pos), negatives: Float64Array.from(neg) };
  const direction = autoDirection(split);
  const sign = direction === 'higher' ? 1 : -1;
  const oriented = {
    positives: split.positives.map((v) => sign * v),
    negatives: split.negatives.map((v) => sign * v),
  };
  const curve = rocCurve(oriented);
  // Curve points are at descending distinct values; the best cut-off lies between point k's value and the next.
  let best = 1;
  for (let k = 1; k < curve.length; k++) {
    const j = curve[k].truePositiveRate - curve[k].falsePositiveRate;
    if (j > curve[best].truePositiveRate - curve[best].falsePositiveRate) best = k;
  }
  const below = best + 1 < curve.length ? curve[best + 1].threshold : curve[best].threshold - 1;
  const threshold = sign * 0.5 * (curve[best].threshold + below);
  const all = [...pos, ...neg];
  const mean = all.reduce((s, v) => s + v, 0) / all.length;
  const sd = Math.sqrt(all.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, all.length - 1));
  return { direction, threshold, scale: sd > 0 ? sd : 1 };
}

/** Decision scores (higher means positive; >= 0 is called positive) for subject indices `rows`. */
export function scoreThreshold(
  model: ThresholdModel,
  column: Float64Array,
  rows: ArrayLike<number>,
): Float64Array {
  const sign = model.direction === 'higher' ? 1 : -1;
  return Float64Array.from(
    { length: rows.length },
    (_, i) => (sign * (column[rows[i]] - model.threshold)) / model.scale,
  );
}
