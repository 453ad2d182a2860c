/**
 * Cross-validated classification of subjects from ROI features: out-of-fold scores, per-fold and pooled
 * AUCs, with intervals. Classifiers are refitted on each training part only (standardisation, penalty
 * choice and threshold included), so test subjects never inform their own prediction.
 *
 * Intervals: `pooledAucRange` is the 2.5-97.5 % range of the pooled AUC over repeats (split-to-split
 * variability); `meanScoreRoc` is the DeLong analysis of each subject's out-of-fold score averaged over
 * repeats (it treats those scores as fixed, so it ignores the refitting variability: slightly optimistic).
 */
import { PerfusionInputError } from '../errors';
import { quantile } from '../math/quantile';
import { type CvScheme, checkTrainingFolds, makeFolds } from './cv-folds';
import { fitLogistic, predictLogistic } from './logistic-regression';
import { analyseRoc, type RocAnalysis } from './roc-analysis';
import { mannWhitneyAuc, splitByClass } from './roc-auc';
import { fitThreshold, scoreThreshold } from './threshold-classifier';

/**
 * `logistic`: L2 logistic regression; a fixed `penalty`, else the penalty of `penaltyGrid` (default
 * DEFAULT_PENALTY_GRID) with the lowest inner cross-validated log-loss (nested CV: stratified, up to 5
 * folds, within each training part). `threshold`: univariate cut-off (exactly one feature).
 */
export type ClassifierSpec =
  | { kind: 'logistic'; penalty?: number; penaltyGrid?: readonly number[] }
  | { kind: 'threshold' };

export const DEFAULT_PENALTY_GRID: readonly number[] = [0.01, 0.1, 1, 10, 100];

export interface CrossValidationResult {
  folds: number;
  repeats: number;
  /** AUC of each fold's test part, in fold order; NaN where a test part lacks a class (e.g. LOO). */
  perFoldAuc: Float64Array;
  /** Mean and SD over the folds whose AUC is defined (NaN if none). */
  perFoldAucMean: number;
  perFoldAucSd: number;
  /** Pooled out-of-fold AUC of each repeat. */
  pooledAuc: Float64Array;
  pooledAucMean: number;
  /** 2.5 and 97.5 % type-7 quantiles of `pooledAuc` (equal when there is one repeat). */
  pooledAucRange: [number, number];
  /** Out-of-fold scores (higher means positive), one array per repeat, one value per subject. */
  outOfFold: Float64Array[];
  /** ROC of the per-subject out-of-fold score averaged over repeats, with DeLong CI. */
  meanScoreRoc: RocAnalysis;
  /** Logistic penalty used in each fold (empty for the threshold classifier). */
  penalties: number[];
}

export interface CrossValidateOptions {
  classifier: ClassifierSpec;
  scheme: CvScheme;
  /** Class names for error messages, [positive, negative]. */
  classNames?: [string, string];
  onProgress?: (doneFolds: number, totalFolds: number) => void;
}

/** Cross-validates `columns` (one Float64Array per feature, one value per subject) against `isPositive`. */
export function crossValidate(
  columns: readonly Float64Array[],
  isPositive: ArrayLike<boolean>,
  options: CrossValidateOptions,
): CrossValidationResult {
  const { classifier, scheme } = options;
  const n = isPositive.length;
  if (columns.length === 0)
    throw new PerfusionInputError('NO_FEATURES', 'cross-validation needs at least one feature');
  columns.forEach((c, j) => {
    if (c.length !== n)
      throw new PerfusionInputError(
        'SHAPE_MISMATCH',
        `feature ${j + 1} has ${c.length} values for ${n} subjects`,
      );
    const bad = c.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      throw new PerfusionInputError(
        'NON_FINITE_FEATURE',
        `feature ${j + 1}, subject ${bad + 1} is ${c[bad]}; remove or fix it`,
      );
  });
  if (classifier.kind === 'threshold' && columns.length !== 1) {
    throw new PerfusionInputError(
      'INVALID_CLASSIFIER',
      `the threshold classifier takes exactly one feature, got ${columns.length}`,
    );
  }
  const folds = makeFolds(isPositive, scheme);
  checkTrainingFolds(folds, isPositive, options.classNames);
  const repeats = scheme.kind === 'loo' ? 1 : scheme.repeats;
  const outOfFold = Array.from({ length: repeats }, () => new Float64Array(n).fill(Number.NaN));
  const perFoldAuc = new Float64Array(folds.length);
  const penalties: number[] = [];
  folds.forEach((fold, k) => {
    let scores: Float64Array;
    if (classifier.kind === 'threshold')
      scores = scoreThreshold(fitThreshold(columns[0], isPositive, fold.train), columns[0], fold.test);
    else {
      const seed = scheme.kind === 'loo' ? k : scheme.seed + 7919 * (k + 1);
      const penalty =
        classifier.penalty ??
        choosePenalty(columns, isPositive, fold.train, classifier.penaltyGrid ?? DEFAULT_PENALTY_GRID, seed);
      penalties.push(penalty);
      scores = predictLogistic(fitLogistic(columns, isPositive, fold.train, penalty), columns, fold.test);
    }
    fold.test.forEach((subject, i) => {
      outOfFold[fold.repeat][subject] = scores[i];
    });
    perFoldAuc[k] = aucOrNaN(
      scores,
      Array.from(fold.test, (i) => Boolean(isPositive[i])),
    );
    options.onProgress?.(k + 1, folds.length);
  });
  const labels = Array.from({ length: n }, (_, i) => Boolean(isPositive[i]));
  const pooledAuc = Float64Array.from(outOfFold, (s) => mannWhitneyAuc(splitByClass(s, labels)));
  const defined = Array.from(perFoldAuc).filter((v) => !Number.isNaN(v));
  const foldMean = defined.length > 0 ? mean(defined) : Number.NaN;
  const foldSd =
    defined.length > 1
      ? Math.sqrt(defined.reduce((s, v) => s + (v - foldMean) ** 2, 0) / (defined.length - 1))
      : Number.NaN;
  const meanScores = Float64Array.from({ length: n }, (_, i) => mean(outOfFold.map((s) => s[i])));
  return {
    folds: scheme.kind === 'loo' ? n : scheme.folds,
    repeats,
    perFoldAuc,
    perFoldAucMean: foldMean,
    perFoldAucSd: foldSd,
    pooledAuc,
    pooledAucMean: mean(pooledAuc),
    pooledAucRange: [quantile(pooledAuc, 0.025), quantile(pooledAuc, 0.975)],
    outOfFold,
    meanScoreRoc: analyseRoc(meanScores, labels, { direction: 'higher' }),
    penalties,
  };
}

function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

function aucOrNaN(scores: Float64Array, labels: boolean[]): number {
  return labels.includes(true) && labels.includes(false)
    ? mannWhitneyAuc(splitByClass(scores, labels))
    : Number.NaN;
}

/** Nested CV: the grid penalty with the lowest pooled inner out-of-fold log-loss (ties: the larger penalty). */
function choosePenalty(
  columns: readonly Float64Array[],
  isPositive: ArrayLike<boolean>,
  train: Uint32Array,
  grid: readonly number[],
  seed: number,
): number {
  if (grid.length === 1) return grid[0];
  const innerLabels = Array.from(train, (i) => Boolean(isPositive[i]));
  const minority = Math.min(innerLabels.filter(Boolean).length, innerLabels.filter((v) => !v).length);
  const inner = makeFolds(innerLabels, {
    kind: 'kfold',
    folds: Math.max(2, Math.min(5, minority)),
    repeats: 1,
    seed,
  });
  let best = grid[0];
  let bestLoss = Number.POSITIVE_INFINITY;
  for (const penalty of grid) {
    let loss = 0;
    for (const f of inner) {
      const trainRows = Array.from(f.train, (i) => train[i]);
      const testRows = Array.from(f.test, (i) => train[i]);
      const prob = predictLogistic(fitLogistic(columns, isPositive, trainRows, penalty), columns, testRows);
      testRows.forEach((row, i) => {
        const p = Math.min(1 - 1e-12, Math.max(1e-12, prob[i]));
        loss -= isPositive[row] ? Math.log(p) : Math.log(1 - p);
      });
    }
    if (loss < bestLoss || (loss === bestLoss && penalty > best)) {
      bestLoss = loss;
      best = penalty;
    }
  }
  return best;
}
