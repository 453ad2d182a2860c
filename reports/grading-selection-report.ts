/**
 * The selection-aware part of a grading report (schema `qtm.nested-cv/1`): for each method (a group of
 * candidate features), the naive best of its N apparent AUCs shown only beside its nested-CV AUC (the best
 * feature chosen inside each training part) with a bootstrap interval and a permutation p against chance,
 * and, between methods, the nested-CV AUC difference with its bootstrap interval and label-permutation p.
 * Built for the experiment report and `qtm cv --nested`; text and HTML cells in grading-selection-table.ts.
 */

import type { ScoreTable } from '../formats/grading-score-table';
import { PerfusionInputError } from '../perfusion/errors';
import type { CvScheme } from '../perfusion/grading/cv-folds';
import {
  type CandidateFeatures,
  nestedCrossValidate,
  prepareCandidates,
} from '../perfusion/grading/nested-cv';
import { type NestedCvBootstrap, nestedCvBootstrap } from '../perfusion/grading/nested-cv-bootstrap';
import { nestedCvPermutationTest } from '../perfusion/grading/permutation-test';
import { autoDirection, mannWhitneyAuc, orient, splitByClass } from '../perfusion/grading/roc-auc';

export const SELECTION_NOTE =
  'each method is scored by nested cross-validation: its best single feature (largest training AUC) is chosen inside every outer training part, so the held-out subjects never inform the choice; the naive best apparent AUC is optimistic and shown only beside it';
export const PERMUTATION_NOTE =
  'the permutation test shuffles the grades and reruns the whole nested CV of both methods; its null is "neither method carries grade information", so with two informative methods it is conservative for "equal AUCs"';

export interface MethodSelection {
  method: string;
  candidates: number;
  /** Largest apparent AUC among the candidates on all subjects (pROC's auto direction): optimistic. */
  naiveBest: { feature: string; auc: number };
  nestedCvAuc: number;
  /** Bootstrap normal interval of the nested-CV AUC; null when the cohort is too small to resample. */
  interval: [number, number] | null;
  /** 2.5-97.5 % range of the pooled out-of-fold AUC over CV repeats (split-to-split spread). */
  perRepeatRange: [number, number];
  /** Permutation p-value of the nested-CV AUC against chance (one-sided). */
  chancePValue: number;
  /** Candidates chosen in at least one outer fold, most often first. */
  selected: Array<{ feature: string; folds: number }>;
}

export interface MethodComparison {
  a: string;
  b: string;
  /** Nested-CV AUC of a minus that of b. */
  difference: number;
  interval: [number, number] | null;
  /** Two-sided label-permutation p-value. */
  pValue: number;
  /** 2.5-97.5 % range of the difference over the permutations. */
  nullRange: [number, number];
}

export interface SelectionReport {
  schema: 'qtm.nested-cv/1';
  label: string;
  positiveClass: string;
  negativeClass: string;
  positives: number;
  negatives: number;
  scheme: CvScheme;
  level: number;
  /** The resampling behind the intervals, or why there are none. */
  bootstrap: { replicates: number; seed: number; redrawn: number } | { undefinedReason: string };
  permutations: { count: number; seed: number };
  methods: MethodSelection[];
  comparisons: MethodComparison[];
  notes: string[];
}

export interface SelectionOptions {
  label: string;
  positive: string;
  /** Candidate feature columns of each method. */
  groups: Array<{ method: string; features: string[] }>;
  scheme: CvScheme;
  replicates: number;
  permutations: number;
  seed: number;
}

export function buildSelectionReport(table: ScoreTable, o: SelectionOptions): SelectionReport {
  const labels = table.isPositive;
  const classNames: [string, string] = [o.positive, table.negative];
  const candidates = o.groups.map((g) =>
    prepareCandidates(
      g.features.map((f) => table.columns.get(f) as Float64Array),
      g.method,
    ),
  );
  const boot = bootstrapOrReason(candidates, labels, o);
  const perm = nestedCvPermutationTest(candidates, labels, {
    scheme: o.scheme,
    permutations: o.permutations,
    seed: o.seed,
  });
  const methods = o.groups.map((g, k): MethodSelection => {
    const cv = nestedCrossValidate(candidates[k], labels, { scheme: o.scheme, classNames });
    const apparent = g.features.map((feature) => {
      const split = splitByClass(table.columns.get(feature) as Float64Array, labels, feature);
      return { feature, auc: mannWhitneyAuc(orient(split, autoDirection(split))) };
    });
    return {
      method: g.method,
      candidates: g.features.length,
      naiveBest: apparent.reduce((a, b) => (b.auc > a.auc ? b : a)),
      nestedCvAuc: cv.auc,
      interval: 'methods' in boot ? boot.methods[k].interval : null,
      perRepeatRange: cv.perRepeatRange,
      chancePValue: perm.chance[k].pValue,
      selected: g.features
        .map((feature, j) => ({ feature, folds: cv.selectionCounts[j] }))
        .filter((s) => s.folds > 0)
        .sort((a, b) => b.folds - a.folds),
    };
  });
  const positives = labels.filter(Boolean).length;
  return {
    schema: 'qtm.nested-cv/1',
    label: o.label,
    positiveClass: o.positive,
    negativeClass: table.negative,
    positives,
    negatives: labels.length - positives,
    scheme: o.scheme,
    level: LEVEL,
    bootstrap:
      'methods' in boot
        ? { replicates: boot.replicates, seed: boot.seed, redrawn: boot.redrawn }
        : { undefinedReason: boot.undefinedReason },
    permutations: { count: perm.permutations, seed: perm.seed },
    methods,
    comparisons: perm.pairs.map((p, k) => ({
      a: o.groups[p.a].method,
      b: o.groups[p.b].method,
      difference: p.difference,
      interval: 'pairs' in boot ? boot.pairs[k].interval : null,
      pValue: p.pValue,
      nullRange: p.nullRange,
    })),
    notes: [SELECTION_NOTE, ...(perm.pairs.length > 0 ? [PERMUTATION_NOTE] : [])],
  };
}

const LEVEL = 0.95;

/** The bootstrap, or why a cohort this small cannot be resampled into full training parts. */
function bootstrapOrReason(
  candidates: CandidateFeatures[],
  labels: boolean[],
  o: SelectionOptions,
): NestedCvBootstrap | { undefinedReason: string } {
  try {
    return nestedCvBootstrap(candidates, labels, {
      scheme: o.scheme,
      replicates: o.replicates,
      seed: o.seed,
      level: LEVEL,
    });
  } catch (err) {
    if (err instanceof PerfusionInputError && err.code === 'BOOTSTRAP_TOO_FEW_SUBJECTS')
      return { undefinedReason: err.message };
    throw err;
  }
}
