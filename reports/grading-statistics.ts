/**
 * The numbers of a grading report, apart from its figures and HTML (reports/grading-report.ts): every
 * feature's ROC analysis with DeLong and bootstrap intervals, the paired DeLong tests between the chosen
 * scores, optional cross-validation, the pre-specified primary features with the selection-aware nested
 * CV and its permutation tests, and the bootstrap band of each chosen score's ROC curve. Pure and
 * synchronous, with plain, structured-cloneable input and output, so an experiment computes it on a pool
 * thread (compute/pool-tasks.ts) while its activity keeps heartbeating: at a thousand subjects the
 * resampling takes minutes.
 */
import { FormatError } from '../formats/format-error';
import type { ScoreTable } from '../formats/grading-score-table';
import type { CvScheme } from '../perfusion/grading/cv-folds';
import type { RocAnalysis } from '../perfusion/grading/roc-analysis';
import { orient, type RocDirection, splitByClass } from '../perfusion/grading/roc-auc';
import { type RocBandPoint, rocConfidenceBand } from '../perfusion/grading/roc-band';
import {
  type AucReport,
  type AucScoreResult,
  buildAucReport,
  type PrimaryReport,
} from './grading-auc-report';
import { buildCvReport, type CvReport } from './grading-cv-report';
import {
  buildSelectionReport,
  type SelectionOptions,
  type SelectionReport,
} from './grading-selection-report';

export interface GradingStatisticsInput {
  /** Feature table: class labels and every feature column. */
  table: ScoreTable;
  label: string;
  positive: string;
  /** Scores drawn on the ROC plot and tested pairwise (paired DeLong). */
  rocScores: string[];
  bootstrap: { replicates: number; seed: number };
  direction?: RocDirection | 'auto';
  /** Cross-validation of every feature alone and all combined, when given. */
  cv?: CvScheme;
  /**
   * Pre-specified grading: `rocScores` are the primary features of `methods` (same order), and each method's
   * candidate features (selection.groups) get the nested-CV estimate and the tests between methods.
   */
  preSpecified?: { methods: string[]; selection: Omit<SelectionOptions, 'label' | 'positive'> };
}

export interface GradingStatistics {
  auc: AucReport;
  paired: AucReport['paired'];
  primary?: PrimaryReport;
  selection?: SelectionReport;
  cv?: CvReport;
  /** Each of rocScores: its ROC analysis and pointwise bootstrap band (none when a class has one subject). */
  roc: Array<{ name: string; analysis: RocAnalysis; band?: RocBandPoint[] }>;
}

export function gradingStatistics(input: GradingStatisticsInput): GradingStatistics {
  for (const name of input.rocScores) {
    if (!input.table.columns.has(name)) {
      throw new FormatError(
        'UNKNOWN_FEATURE',
        `report: no feature "${name}"; features are: ${Array.from(input.table.columns.keys()).join(', ')}`,
      );
    }
  }
  if (input.preSpecified && input.preSpecified.methods.length !== input.rocScores.length)
    throw new FormatError(
      'SHAPE_MISMATCH',
      `report: ${input.rocScores.length} primary features for ${input.preSpecified.methods.length} methods; give one per method`,
    );
  const common = { label: input.label, positive: input.positive, direction: input.direction };
  const { report: auc, curves } = buildAucReport(input.table, { ...common, bootstrap: input.bootstrap });
  const rocTable: ScoreTable = {
    ...input.table,
    columns: new Map(input.rocScores.map((k) => [k, input.table.columns.get(k) as Float64Array])),
  };
  const paired =
    input.rocScores.length > 1
      ? buildAucReport(rocTable, { ...common, paired: true }).report.paired
      : undefined;
  const cv = input.cv ? buildCvReport(input.table, { ...common, scheme: input.cv }) : undefined;
  const pre = input.preSpecified;
  const primary: PrimaryReport | undefined = pre && {
    features: input.rocScores.map((name, k) => ({
      method: pre.methods[k],
      ...(auc.scores.find((s) => s.name === name) as AucScoreResult),
    })),
    paired,
  };
  const selection =
    pre &&
    buildSelectionReport(input.table, { ...pre.selection, label: input.label, positive: input.positive });
  const roc = input.rocScores.map((name) => {
    const analysis = curves.get(name) as RocAnalysis;
    const split = orient(
      splitByClass(input.table.columns.get(name) as Float64Array, input.table.isPositive, name),
      analysis.direction,
    );
    const band =
      analysis.positives > 1 && analysis.negatives > 1
        ? rocConfidenceBand(split, { ...input.bootstrap, level: auc.level })
        : undefined;
    return { name, analysis, band };
  });
  return { auc, paired, primary, selection, cv, roc };
}
