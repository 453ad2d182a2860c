/**
 * One score's ROC summary: direction (pROC's auto rule or fixed), AUC, DeLong variance and normal 95%
 * interval clipped to [0, 1] (pROC's ci.auc default), optional stratified bootstrap interval, and the curve.
 * With a single subject in a class the AUC is still defined but no interval is: the result says why.
 */
import { type BootstrapInterval, bootstrapAucInterval } from './bootstrap-auc';
import { delongPlacements, delongUndefinedReason, delongVariance } from './delong';
import { normalQuantile } from './normal-distribution';
import {
  autoDirection,
  type ClassSplit,
  orient,
  type RocDirection,
  type RocPoint,
  rocCurve,
  splitByClass,
} from './roc-auc';

export interface RocAnalysisOptions {
  /** `auto` (default) applies pROC's median rule; otherwise the given direction is used. */
  direction?: RocDirection | 'auto';
  /** Confidence level of the intervals (default 0.95). */
  level?: number;
  /** Stratified bootstrap interval when given. */
  bootstrap?: { replicates: number; seed: number; onProgress?: (done: number, total: number) => void };
}

export interface RocAnalysis {
  direction: RocDirection;
  positives: number;
  negatives: number;
  auc: number;
  level: number;
  /** DeLong variance and interval, or the reason they are undefined. */
  delong: { variance: number; lower: number; upper: number } | { undefinedReason: string };
  /** Present when a bootstrap was asked for: the interval, or the reason it is undefined. */
  bootstrap?: BootstrapInterval | { undefinedReason: string };
  curve: RocPoint[];
}

/** ROC analysis of `scores` (one per subject) against `isPositive`; `name` labels errors. */
export function analyseRoc(
  scores: ArrayLike<number>,
  isPositive: ArrayLike<boolean>,
  options: RocAnalysisOptions = {},
  name = 'score',
): RocAnalysis {
  return analyseSplit(splitByClass(scores, isPositive, name), options);
}

/** The same analysis from a class split that has not been oriented yet. */
export function analyseSplit(split: ClassSplit, options: RocAnalysisOptions = {}): RocAnalysis {
  const level = options.level ?? 0.95;
  const direction =
    !options.direction || options.direction === 'auto' ? autoDirection(split) : options.direction;
  const oriented = orient(split, direction);
  const placements = delongPlacements(oriented);
  const m = split.positives.length;
  const n = split.negatives.length;
  const reason = delongUndefinedReason(m, n);
  let delong: RocAnalysis['delong'];
  if (reason) delong = { undefinedReason: reason };
  else {
    const variance = delongVariance(placements);
    const half = normalQuantile((1 + level) / 2) * Math.sqrt(variance);
    delong = {
      variance,
      lower: Math.max(0, placements.auc - half),
      upper: Math.min(1, placements.auc + half),
    };
  }
  const result: RocAnalysis = {
    direction,
    positives: m,
    negatives: n,
    auc: placements.auc,
    level,
    delong,
    curve: rocCurve(oriented),
  };
  if (options.bootstrap) {
    result.bootstrap =
      m < 2 || n < 2
        ? {
            undefinedReason: `a bootstrap interval needs at least 2 subjects per class; this curve has ${m} positive and ${n} negative`,
          }
        : bootstrapAucInterval(oriented, { ...options.bootstrap, level });
  }
  return result;
}
