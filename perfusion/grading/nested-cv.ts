/**
 * Selection-aware AUC of "pick the best of N features": nested cross-validation in which the pick is part
 * of the model, so it is redone inside every outer training part and the held-out subjects never inform
 * it (Ambroise & McLachlan, PNAS 2002; Varma & Simon, BMC Bioinformatics 2006). Reporting the best of N
 * apparent AUCs instead is biased high: 0.77 on average for 55 noise features on 15 + 15 subjects.
 *
 * In each outer training part: every candidate's Mann-Whitney AUC on the training subjects; the candidate
 * with the largest |AUC - 0.5| is chosen (ties: the first in column order), with direction `higher` when
 * its AUC >= 0.5. Its test subjects are scored by the oriented z-score against the training part's mean and
 * sample SD, so scores of different folds (maybe different features) share one scale and can be pooled.
 * Features keep their units; scores and AUCs are dimensionless.
 *
 * The nested-CV AUC is the AUC of each subject's out-of-fold score averaged over repeats; each repeat's
 * pooled AUC is kept to show the split-to-split spread. Its interval comes from nested-cv-bootstrap.ts: a
 * DeLong interval of these scores treats them as fixed and misses the selection's own variability (under
 * pure noise it covered 0.5 in only 82% of simulated 15 + 15 cohorts with 55 features;
 * bench/grading/selection-coverage.ts).
 */
import { PerfusionInputError } from '../errors';
import { quantile } from '../math/quantile';
import { type CvScheme, checkTrainingFolds, makeFolds } from './cv-folds';
import { isConstant, type RankedColumn, rankColumn, subsetAuc } from './ranked-column';
import { mannWhitneyAuc, type RocDirection, splitByClass } from './roc-auc';

/** Candidate feature columns (one value per subject each), validated and sorted once. */
export interface CandidateFeatures {
  columns: readonly Float64Array[];
  ranked: RankedColumn[];
}

/** Validates and ranks `columns`; `name` labels errors (e.g. the method the features belong to). */
export function prepareCandidates(columns: readonly Float64Array[], name = 'features'): CandidateFeatures {
  if (columns.length === 0)
    throw new PerfusionInputError(
      'NO_FEATURES',
      `${name}: nested cross-validation needs at least one feature`,
    );
  const n = columns[0].length;
  columns.forEach((c, j) => {
    if (c.length !== n)
      throw new PerfusionInputError(
        'SHAPE_MISMATCH',
        `${name}: feature ${j + 1} has ${c.length} values, feature 1 has ${n}; give one value per subject`,
      );
    const bad = c.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      throw new PerfusionInputError(
        'NON_FINITE_FEATURE',
        `${name}: feature ${j + 1}, subject ${bad + 1} is ${c[bad]}; remove the feature or fix the value`,
      );
  });
  const ranked = columns.map((c) => rankColumn(c));
  if (ranked.every(isConstant))
    throw new PerfusionInputError(
      'NO_VARIATION',
      `${name}: every one of the ${columns.length} features is constant over the ${n} subjects; nothing can be selected or ranked`,
    );
  return { columns, ranked };
}

export interface FeatureChoice {
  /** Index of the chosen column. */
  feature: number;
  direction: RocDirection;
  /** The chosen feature's AUC on the training subjects, oriented by `direction` (>= 0.5). */
  trainingAuc: number;
}

export interface FoldSelection extends FeatureChoice {
  repeat: number;
  fold: number;
}

/** The best single feature on the training part, given as copies per subject (see subsetAuc). */
export function selectFeature(
  c: CandidateFeatures,
  isPositive: ArrayLike<boolean>,
  copies: ArrayLike<number>,
): FeatureChoice {
  let best: FeatureChoice = { feature: 0, direction: 'higher', trainingAuc: -1 };
  c.ranked.forEach((ranked, j) => {
    const auc = subsetAuc(ranked, isPositive, copies);
    const oriented = Math.max(auc, 1 - auc);
    if (oriented > best.trainingAuc)
      best = { feature: j, direction: auc >= 0.5 ? 'higher' : 'lower', trainingAuc: oriented };
  });
  return best;
}

export interface NestedCvResult {
  folds: number;
  repeats: number;
  /** The nested-CV AUC: AUC of each subject's out-of-fold score averaged over repeats. */
  auc: number;
  /** That averaged out-of-fold score, one per subject (higher means positive). */
  meanScore: Float64Array;
  /** Pooled out-of-fold AUC of each repeat, and its 2.5-97.5 % type-7 range. */
  perRepeatAuc: Float64Array;
  perRepeatRange: [number, number];
  /** The feature chosen in each outer fold, in fold order. */
  selections: FoldSelection[];
  /** How many outer folds chose each candidate. */
  selectionCounts: Uint32Array;
}

/** Nested CV of best-feature selection on `c` against `isPositive`; classNames label fold errors. */
export function nestedCrossValidate(
  c: CandidateFeatures,
  isPositive: ArrayLike<boolean>,
  options: { scheme: CvScheme; classNames?: [string, string] },
): NestedCvResult {
  const run = runOuterFolds(c, isPositive, options.scheme, options.classNames, true);
  const labels = Array.from({ length: isPositive.length }, (_, i) => Boolean(isPositive[i]));
  const perRepeatAuc = Float64Array.from(run.outOfFold, (s) => mannWhitneyAuc(splitByClass(s, labels)));
  const selectionCounts = new Uint32Array(c.columns.length);
  for (const s of run.selections) selectionCounts[s.feature]++;
  return {
    folds: options.scheme.kind === 'loo' ? labels.length : options.scheme.folds,
    repeats: run.outOfFold.length,
    auc: mannWhitneyAuc(splitByClass(run.meanScore, labels, 'nested-CV score')),
    meanScore: run.meanScore,
    perRepeatAuc,
    perRepeatRange: [quantile(perRepeatAuc, 0.025), quantile(perRepeatAuc, 0.975)],
    selections: run.selections,
    selectionCounts,
  };
}

/**
 * The nested-CV AUC alone, as permutation and bootstrap replicates recompute it. `copies` (default: one of
 * each) describes a bootstrap resample: folds are dealt over the distinct subjects drawn, so the copies of a
 * subject stay together and never sit in both parts of a fold.
 */
export function nestedCvAuc(
  c: CandidateFeatures,
  isPositive: ArrayLike<boolean>,
  scheme: CvScheme,
  copies?: ArrayLike<number>,
): number {
  const run = runOuterFolds(c, isPositive, scheme, undefined, false, copies);
  return subsetAuc(rankColumn(run.meanScore), isPositive, run.copies);
}

function runOuterFolds(
  c: CandidateFeatures,
  isPositive: ArrayLike<boolean>,
  scheme: CvScheme,
  classNames: [string, string] | undefined,
  record: boolean,
  weights?: ArrayLike<number>,
): { outOfFold: Float64Array[]; meanScore: Float64Array; selections: FoldSelection[]; copies: Uint32Array } {
  const n = isPositive.length;
  if (c.columns[0].length !== n)
    throw new PerfusionInputError(
      'SHAPE_MISMATCH',
      `${c.columns[0].length} feature values per column but ${n} class labels; give one label per subject`,
    );
  const copies = weights ? Uint32Array.from(weights) : new Uint32Array(n).fill(1);
  const drawn = Uint32Array.from({ length: n }, (_, i) => i).filter((i) => copies[i] > 0);
  const drawnLabels = Array.from(drawn, (i) => Boolean(isPositive[i]));
  const folds = makeFolds(drawnLabels, scheme);
  checkTrainingFolds(folds, drawnLabels, classNames);
  const repeats = scheme.kind === 'loo' ? 1 : scheme.repeats;
  const outOfFold = Array.from({ length: repeats }, () => new Float64Array(n));
  const selections: FoldSelection[] = [];
  const inTraining = new Uint32Array(n);
  for (const fold of folds) {
    const train = fold.train.map((k) => drawn[k]);
    inTraining.fill(0);
    for (const i of train) inTraining[i] = copies[i];
    const choice = selectFeature(c, isPositive, inTraining);
    if (record) selections.push({ repeat: fold.repeat, fold: fold.fold, ...choice });
    const column = c.columns[choice.feature];
    let count = 0;
    let mean = 0;
    for (const i of train) {
      count += copies[i];
      mean += copies[i] * column[i];
    }
    mean /= count;
    let ss = 0;
    for (const i of train) ss += copies[i] * (column[i] - mean) ** 2;
    // A feature constant on the training part can still be chosen (all AUCs 0.5); unit scale keeps it finite.
    const sd = ss > 0 ? Math.sqrt(ss / (count - 1)) : 1;
    const sign = choice.direction === 'higher' ? 1 : -1;
    for (const k of fold.test) {
      const i = drawn[k];
      outOfFold[fold.repeat][i] = (sign * (column[i] - mean)) / sd;
    }
  }
  const meanScore = new Float64Array(n);
  for (const s of outOfFold) for (let i = 0; i < n; i++) meanScore[i] += s[i] / repeats;
  return { outOfFold, meanScore, selections, copies };
}
