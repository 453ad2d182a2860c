/**
 * Grading a cohort folder (labels.csv + subject folders with maps/<method>/): tumour-ROI features of every
 * method's maps, ROC/AUC of each feature with DeLong intervals, the best feature of each method compared by
 * a paired DeLong test, cross-validated AUCs of those features, and the HTML report with its figures. The
 * "best" feature is a maximum over many and so optimistic; the report prints the full table beside it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureAuc, GradingOutcome } from '../contracts/step-outcomes';
import { parseCsv } from '../formats/csv';
import { FormatError } from '../formats/format-error';
import { readScoreTable } from '../formats/grading-score-table';
import { TRUTH_MAPS } from '../formats/subject-folder';
import { buildAucReport } from '../reports/grading-auc-report';
import { writeGradingReport } from '../reports/grading-report';
import { runFeatures } from './features-job';

export interface GradeCohortOptions {
  methods: string[];
  roiLabels: number[];
  bootstrap: number;
  folds: number;
  repeats: number;
  seed: number;
  title: string;
}

/** Writes features.csv, report.html (+ figures, report.json) and summary.json into `outDir`. */
export async function gradeCohortFolder(
  cohortDir: string,
  outDir: string,
  o: GradeCohortOptions,
): Promise<Pick<GradingOutcome, 'aucs' | 'comparison'>> {
  const featuresCsv = join(outDir, 'features.csv');
  runFeatures({ cohort: cohortDir, methods: o.methods, out: featuresCsv, roiLabels: o.roiLabels });
  const csv = parseCsv(readFileSync(featuresCsv, 'utf8'), featuresCsv);
  // Graded: statistics of each method's perfusion maps (not fit diagnostics such as delay, RMSE or uncertainty
  // maps). A feature undefined for some subject (e.g. skewness of a one-voxel ROI) cannot enter an ROC.
  const graded = new RegExp(`^(${o.methods.join('|')})_(${TRUTH_MAPS.join('|')})_[a-z0-9]+$`);
  const candidates = csv.header.map((name, j) => ({ name, j })).filter(({ name }) => graded.test(name));
  const finite = candidates
    .filter(({ j }) => csv.rows.every((r) => r[j].trim() !== '' && Number.isFinite(Number(r[j]))))
    .map(({ name }) => name);
  if (finite.length === 0)
    throw new FormatError(
      'NO_FEATURES',
      `${featuresCsv}: no perfusion-map feature is finite for every subject`,
    );
  const table = readScoreTable(csv, 'grade', 'hgg', finite, featuresCsv);
  const { report } = buildAucReport(table, { label: 'grade', positive: 'hgg', direction: 'auto' });
  const aucs: FeatureAuc[] = report.scores
    .map((s) => ({
      feature: s.name,
      auc: s.auc,
      ciLow: 'lower' in s.delong ? s.delong.lower : null,
      ciHigh: 'upper' in s.delong ? s.delong.upper : null,
    }))
    .sort((a, b) => b.auc - a.auc);
  const bestPerMethod = o.methods
    .map((m) => aucs.find((a) => a.feature.startsWith(`${m}_`)))
    .filter((a): a is FeatureAuc => a !== undefined);
  const rocScores = bestPerMethod.map((a) => a.feature);
  await writeGradingReport(outDir, {
    title: o.title,
    table,
    label: 'grade',
    positive: 'hgg',
    rocScores,
    bootstrap: { replicates: o.bootstrap, seed: o.seed },
    direction: 'auto',
    cv: { kind: 'kfold', folds: o.folds, repeats: o.repeats, seed: o.seed },
    generated: `${o.methods.join(' vs ')}, ${csv.rows.length} subjects, ${finite.length} perfusion-map features graded (${candidates.length - finite.length} left out as not finite for every subject)`,
  });
  const pair = (
    JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8')) as {
      paired?: Array<{ score1: string; score2: string; z?: number; pValue?: number }>;
    }
  ).paired?.[0];
  const comparison =
    pair?.z !== undefined && pair.pValue !== undefined
      ? { a: pair.score1, b: pair.score2, z: pair.z, p: pair.pValue }
      : undefined;
  const summary = { aucs, comparison, html: 'report.html' };
  writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}
