/**
 * The grading report: univariate ROC analysis of every feature (DeLong and bootstrap CIs), paired DeLong
 * tests between the chosen scores, optional cross-validation, and figures (ROC curves with bootstrap bands,
 * feature box plots by class, parameter-map montage) as SVG and PNG, in report.html with report.json beside
 * it. With pre-specified grading (experiments) the chosen scores are each method's primary feature and lead
 * the report, and a best-of-N appears only beside its selection-aware nested-CV estimate; otherwise (`qtm
 * auc --report`) the best AUC is printed with its caveat.
 */
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { pendingFolder } from '../formats/atomic-write';
import { FormatError } from '../formats/format-error';
import type { ScoreTable } from '../formats/grading-score-table';
import type { CvScheme } from '../perfusion/grading/cv-folds';
import type { RocDirection } from '../perfusion/grading/roc-auc';
import { orient, splitByClass } from '../perfusion/grading/roc-auc';
import { rocConfidenceBand } from '../perfusion/grading/roc-band';
import {
  type AucReport,
  type AucScoreResult,
  buildAucReport,
  type PrimaryReport,
} from './grading-auc-report';
import { featureBoxPlotSpec } from './grading-box-plot';
import { buildCvReport, type CvReport } from './grading-cv-report';
import { type MontagePanel, montageSpec } from './grading-montage';
import { gradingReportHtml, type ReportFigure } from './grading-report-html';
import {
  buildSelectionReport,
  type SelectionOptions,
  type SelectionReport,
} from './grading-selection-report';
import { renderVegaLite } from './plot-render';
import { rocPlotSpec } from './roc-plot';

export interface GradingReportInput {
  title: string;
  /** Feature table: class labels and every feature column. */
  table: ScoreTable;
  label: string;
  positive: string;
  /** Scores drawn on the ROC plot and tested pairwise (paired DeLong). */
  rocScores: string[];
  /** Features shown as box plots (default: rocScores). */
  boxPlotFeatures?: string[];
  bootstrap: { replicates: number; seed: number };
  direction?: RocDirection | 'auto';
  /** Cross-validation of every feature alone and all combined, when given. */
  cv?: CvScheme;
  /**
   * Pre-specified grading: `rocScores` are the primary features of `methods` (same order), and each method's
   * candidate features (selection.groups) get the nested-CV estimate and the tests between methods.
   */
  preSpecified?: { methods: string[]; selection: Omit<SelectionOptions, 'label' | 'positive'> };
  montage?: { title: string; panels: MontagePanel[] };
  /** Timestamp or run id printed in the report (kept out of the computation so reports are reproducible). */
  generated: string;
}

export interface GradingReportOutput {
  /** Absolute or outDir-relative paths of report.html, report.json and every figure file. */
  html: string;
  files: string[];
  auc: AucReport;
  paired: AucReport['paired'];
  primary?: PrimaryReport;
  selection?: SelectionReport;
  cv?: CvReport;
}

/**
 * Computes, renders and writes the report into `outDir` (created when missing): into a temporary folder
 * first, whose files take their names only when every one is written.
 */
export async function writeGradingReport(
  outDir: string,
  input: GradingReportInput,
): Promise<GradingReportOutput> {
  for (const name of [...input.rocScores, ...(input.boxPlotFeatures ?? [])]) {
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
  const folder = pendingFolder(outDir);
  try {
    const output = await renderReport(folder.path, input);
    folder.commit();
    // The paths the caller gets are those the files have now, under outDir.
    const moved = (file: string) => join(outDir, relative(folder.path, file));
    return { ...output, html: moved(output.html), files: output.files.map(moved) };
  } finally {
    folder.discard();
  }
}

async function renderReport(outDir: string, input: GradingReportInput): Promise<GradingReportOutput> {
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

  const files: string[] = [];
  const figures: ReportFigure[] = [];
  const figure = async (name: string, spec: TopLevelSpec, caption: string) => {
    const plot = await renderVegaLite(spec);
    writeFileSync(join(outDir, `${name}.svg`), plot.svg);
    writeFileSync(join(outDir, `${name}.png`), plot.png);
    files.push(join(outDir, `${name}.svg`), join(outDir, `${name}.png`));
    figures.push({ caption, png: `${name}.png`, svg: `${name}.svg`, width: plot.width, height: plot.height });
  };

  const rocCurves = input.rocScores.map((name) => {
    const a = curves.get(name);
    if (!a) throw new FormatError('UNKNOWN_FEATURE', `report: no ROC for "${name}"`);
    const split = orient(
      splitByClass(input.table.columns.get(name) as Float64Array, input.table.isPositive, name),
      a.direction,
    );
    const delong = 'lower' in a.delong ? `, ${a.delong.lower.toFixed(2)}-${a.delong.upper.toFixed(2)}` : '';
    const band =
      a.positives > 1 && a.negatives > 1
        ? rocConfidenceBand(split, { ...input.bootstrap, level: auc.level })
        : undefined;
    return { label: `${name} (AUC ${a.auc.toFixed(3)}${delong})`, curve: a.curve, band };
  });
  await figure(
    'roc',
    rocPlotSpec(rocCurves, 'ROC curves with 95% bootstrap bands'),
    'ROC curves; shaded: pointwise 95% stratified-bootstrap band of sensitivity; legend: AUC with 95% DeLong CI',
  );
  const boxNames = input.boxPlotFeatures ?? input.rocScores;
  const classOf = input.table.isPositive.map((p) => (p ? input.positive : input.table.negative));
  const boxes = boxNames.map((name) => ({ name, values: input.table.columns.get(name) as Float64Array }));
  await figure(
    'features',
    featureBoxPlotSpec(boxes, classOf, `Features by ${input.label}`),
    `Feature distributions by ${input.label}; points are subjects`,
  );
  if (input.montage)
    await figure('montage', montageSpec(input.montage.panels, input.montage.title), input.montage.title);

  const htmlPath = join(outDir, 'report.html');
  writeFileSync(
    htmlPath,
    gradingReportHtml({
      title: input.title,
      auc,
      paired,
      primary,
      selection,
      cv,
      figures,
      generated: input.generated,
    }),
  );
  // With pre-specified grading the overall best of N is left out: it appears per method, beside nested CV.
  const { best: _best, ...everyFeature } = auc;
  const json = primary ? { primary, selection, auc: everyFeature, cv } : { auc, paired, cv };
  const jsonPath = join(outDir, 'report.json');
  writeFileSync(jsonPath, `${JSON.stringify(json, null, 2)}\n`);
  files.push(htmlPath, jsonPath);
  return { html: htmlPath, files, auc, paired, primary, selection, cv };
}
