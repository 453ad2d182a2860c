/**
 * The `qtm auc` result: per-score ROC analyses, the "best AUC" with its caveat, and the pairwise DeLong
 * tests; as a JSON document (schema `qtm.auc/1`, docs/cli-auc.md) and as a human-readable table.
 */

import type { ScoreTable } from '../formats/grading-score-table';
import { delongUndefinedReason } from '../perfusion/grading/delong';
import { analyseSplit, type RocAnalysis, type RocAnalysisOptions } from '../perfusion/grading/roc-analysis';
import { type ClassSplit, orient, splitByClass } from '../perfusion/grading/roc-auc';
import { pairedDelongTest, unpairedDelongTest } from '../perfusion/grading/roc-comparison';

export const OPTIMISM_NOTE =
  'the best AUC is a maximum over features chosen on the same subjects, so it is optimistic (selection bias); judge it with the full table, the intervals and a cross-validated AUC';

export interface AucScoreResult extends Omit<RocAnalysis, 'curve'> {
  name: string;
}

export interface AucReport {
  schema: 'qtm.auc/1';
  label: string;
  positiveClass: string;
  negativeClass: string;
  positives: number;
  negatives: number;
  level: number;
  scores: AucScoreResult[];
  best: { name: string; auc: number; featuresCompared: number; note: string };
  paired?: Array<
    PairResult<{ difference: number; z: number; pValue: number; differenceCi: [number, number] }>
  >;
  unpaired?: Array<PairResult<{ difference: number; d: number; df: number; pValue: number }>>;
}

type PairResult<T> = { score1: string; score2: string } & (T | { undefinedReason: string });

export interface AucReportOptions extends Pick<RocAnalysisOptions, 'direction' | 'bootstrap'> {
  label: string;
  positive: string;
  paired?: boolean;
  unpaired?: boolean;
}

/** Analyses every score column of `table`; the ROC curves are returned beside the report (for plots). */
export function buildAucReport(
  table: ScoreTable,
  options: AucReportOptions,
): { report: AucReport; curves: Map<string, RocAnalysis> } {
  const level = 0.95;
  const curves = new Map<string, RocAnalysis>();
  const oriented = new Map<string, ClassSplit>();
  for (const [name, values] of table.columns) {
    const split = splitByClass(values, table.isPositive, name);
    const analysis = analyseSplit(split, {
      direction: options.direction,
      bootstrap: options.bootstrap,
      level,
    });
    curves.set(name, analysis);
    oriented.set(name, orient(split, analysis.direction));
  }
  const scores = Array.from(curves, ([name, { curve: _curve, ...rest }]) => ({ name, ...rest }));
  const best = scores.reduce((a, b) => (b.auc > a.auc ? b : a));
  const m = scores[0].positives;
  const n = scores[0].negatives;
  const report: AucReport = {
    schema: 'qtm.auc/1',
    label: options.label,
    positiveClass: options.positive,
    negativeClass: table.negative,
    positives: m,
    negatives: n,
    level,
    scores,
    best: { name: best.name, auc: best.auc, featuresCompared: scores.length, note: OPTIMISM_NOTE },
  };
  const names = Array.from(curves.keys());
  const pairs = names.flatMap((a, i) => names.slice(i + 1).map((b) => [a, b] as const));
  const reason = delongUndefinedReason(m, n);
  const get = (k: string) => oriented.get(k) as ClassSplit;
  if (options.paired) {
    report.paired = pairs.map(([a, b]) => {
      if (reason) return { score1: a, score2: b, undefinedReason: reason };
      const t = pairedDelongTest(get(a), get(b), { level });
      return {
        score1: a,
        score2: b,
        difference: t.difference,
        z: t.z,
        pValue: t.pValue,
        differenceCi: t.differenceCi,
      };
    });
  }
  if (options.unpaired) {
    report.unpaired = pairs.map(([a, b]) => {
      if (reason) return { score1: a, score2: b, undefinedReason: reason };
      const t = unpairedDelongTest(get(a), get(b));
      return { score1: a, score2: b, difference: t.difference, d: t.d, df: t.df, pValue: t.pValue };
    });
  }
  return { report, curves };
}

/** The primary features' ROC analyses (with their method) and the paired DeLong tests between them. */
export interface PrimaryReport {
  features: Array<AucScoreResult & { method: string }>;
  paired: AucReport['paired'];
}
