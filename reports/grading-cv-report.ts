/**
 * The `qtm cv` result: cross-validated AUCs of each feature alone (threshold classifier) and of all chosen
 * features together (L2 logistic regression), as JSON (schema `qtm.cv/1`) and as a table.
 */

import type { ScoreTable } from '../formats/grading-score-table';
import { type ClassifierSpec, crossValidate } from '../perfusion/grading/cross-validate';
import type { CvScheme } from '../perfusion/grading/cv-folds';
import { textTable } from './grading-auc-table';

export interface CvSetResult {
  features: string[];
  classifier: ClassifierSpec['kind'];
  pooledAucMean: number;
  pooledAucRange: [number, number];
  perFoldAucMean: number | null;
  perFoldAucSd: number | null;
  meanScoreAuc: number;
  meanScoreDelong: { lower: number; upper: number } | { undefinedReason: string };
}

export interface CvReport {
  schema: 'qtm.cv/1';
  label: string;
  positiveClass: string;
  negativeClass: string;
  positives: number;
  negatives: number;
  scheme: CvScheme;
  sets: CvSetResult[];
}

/** Runs every feature set; `progress` hears (set index, set count). */
export function buildCvReport(
  table: ScoreTable,
  opts: {
    label: string;
    positive: string;
    scheme: CvScheme;
    progress?: (done: number, total: number) => void;
  },
): CvReport {
  const names = Array.from(table.columns.keys());
  const sets: Array<{ features: string[]; classifier: ClassifierSpec }> = names.map((f) => ({
    features: [f],
    classifier: { kind: 'threshold' },
  }));
  sets.push({ features: names, classifier: { kind: 'logistic' } });
  const classNames: [string, string] = [opts.positive, table.negative];
  const results = sets.map((set, k) => {
    const columns = set.features.map((f) => table.columns.get(f) as Float64Array);
    const r = crossValidate(columns, table.isPositive, {
      classifier: set.classifier,
      scheme: opts.scheme,
      classNames,
    });
    opts.progress?.(k + 1, sets.length);
    const d = r.meanScoreRoc.delong;
    return {
      features: set.features,
      classifier: set.classifier.kind,
      pooledAucMean: r.pooledAucMean,
      pooledAucRange: r.pooledAucRange,
      perFoldAucMean: Number.isNaN(r.perFoldAucMean) ? null : r.perFoldAucMean,
      perFoldAucSd: Number.isNaN(r.perFoldAucSd) ? null : r.perFoldAucSd,
      meanScoreAuc: r.meanScoreRoc.auc,
      meanScoreDelong: 'lower' in d ? { lower: d.lower, upper: d.upper } : d,
    };
  });
  const positives = table.isPositive.filter(Boolean).length;
  return {
    schema: 'qtm.cv/1',
    label: opts.label,
    positiveClass: opts.positive,
    negativeClass: table.negative,
    positives,
    negatives: table.isPositive.length - positives,
    scheme: opts.scheme,
    sets: results,
  };
}

/** "stratified 5-fold x 20 repeats, seed 1" or "leave-one-out". */
export function schemeText(s: CvScheme): string {
  return s.kind === 'loo'
    ? 'leave-one-out'
    : `stratified ${s.folds}-fold x ${s.repeats} repeats, seed ${s.seed}`;
}

/** The report as a terminal table (AUCs to 3 decimals). */
export function formatCvReport(r: CvReport): string {
  const f3 = (v: number | null) => (v === null ? '-' : v.toFixed(3));
  const scheme = schemeText(r.scheme);
  const header = [
    'feature set',
    'classifier',
    'pooled AUC',
    'range over repeats',
    'per-fold AUC',
    '95% CI (DeLong, mean OOF score)',
  ];
  const rows = r.sets.map((s) => [
    s.features.length === 1 ? s.features[0] : `all ${s.features.length} features`,
    s.classifier,
    f3(s.pooledAucMean),
    `${f3(s.pooledAucRange[0])}-${f3(s.pooledAucRange[1])}`,
    s.perFoldAucMean === null ? '-' : `${f3(s.perFoldAucMean)} ± ${f3(s.perFoldAucSd)}`,
    'lower' in s.meanScoreDelong
      ? `${f3(s.meanScoreDelong.lower)}-${f3(s.meanScoreDelong.upper)}`
      : 'undefined',
  ]);
  return `${[
    `${r.label} = ${r.positiveClass}: ${r.positives} positive vs ${r.negatives} ${r.negativeClass}; ${scheme}`,
    '',
    ...textTable(header, rows),
    '',
    'note: single-feature rows use a Youden threshold learnt in each training part; the combined row uses L2 logistic regression with the penalty chosen by nested CV',
  ].join('\n')}\n`;
}
