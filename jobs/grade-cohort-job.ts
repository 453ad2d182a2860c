/**
 * Grading a cohort from its subjects' feature rows (jobs/features-job.ts, one CSV row per subject computed
 * by the experiment's per-subject features step): tumour-ROI features of every method's maps, ROC/AUC of
 * each feature with DeLong intervals, and the HTML report with its figures. The report leads with each
 * method's pre-specified primary feature (grading.primary) and the paired DeLong test between them; a
 * method's best of N features is reported only with its selection-aware estimate (nested CV, bootstrap
 * interval, label-permutation tests between methods). The statistics run as a task on the given worker
 * pool, off the caller's event loop: at a thousand subjects they take minutes, and the grading activity
 * must keep heartbeating meanwhile.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkerPool } from '../compute/worker-pool';
import type { GradingStepConfig } from '../contracts/experiment-config';
import { ORACLE_AIF_NOTE, parseFitMethod, TRUTH_MAPS } from '../contracts/parameter-maps';
import type { FeatureAuc, GradingSummary } from '../contracts/step-outcomes';
import { writeFolderAtomic } from '../formats/atomic-write';
import { type CsvTable, formatCsv, parseCsv } from '../formats/csv';
import { FormatError } from '../formats/format-error';
import { readScoreTable } from '../formats/grading-score-table';
import { writeGradingReport } from '../reports/grading-report';

export interface GradeCohortOptions extends GradingStepConfig {
  methods: string[];
  title: string;
  pool: WorkerPool;
  signal?: AbortSignal;
}

/**
 * Puts the subjects' feature rows (CSV text of a header and one row each, in cohort order; `sources` name
 * them in errors) together as features.csv in `outDir`, grades them, and writes report.html (+ figures,
 * report.json) and summary.json there, through a temporary folder: the report appears whole or not at all.
 */
export async function gradeFeatureRows(
  rows: readonly string[],
  sources: readonly string[],
  outDir: string,
  o: GradeCohortOptions,
): Promise<GradingSummary> {
  return writeFolderAtomic(outDir, (dir) => gradeInto(rows, sources, dir, o));
}

async function gradeInto(
  rows: readonly string[],
  sources: readonly string[],
  outDir: string,
  o: GradeCohortOptions,
): Promise<GradingSummary> {
  const featuresCsv = join(outDir, 'features.csv');
  const csv = featureTableOf(rows, sources);
  writeFileSync(featuresCsv, formatCsv(csv.header, csv.rows));
  // Graded: statistics of each method's perfusion maps (not fit diagnostics such as delay, RMSE or uncertainty
  // maps). A feature undefined for some subject (e.g. skewness of a one-voxel ROI) cannot enter an ROC.
  const graded = new RegExp(`^(${o.methods.join('|')})_(${TRUTH_MAPS.join('|')})_[a-z0-9]+$`);
  const candidates = csv.header.map((name, j) => ({ name, j })).filter(({ name }) => graded.test(name));
  const finiteForAll = (j: number) =>
    csv.rows.every((r) => r[j].trim() !== '' && Number.isFinite(Number(r[j])));
  const finite = candidates.filter(({ j }) => finiteForAll(j)).map(({ name }) => name);
  const primary = o.methods.map((m) => primaryColumn(m, o.primary[m], csv.header, finiteForAll, featuresCsv));
  const table = readScoreTable(csv, 'grade', 'hgg', finite, featuresCsv);
  const groups = o.methods.map((m) => ({ method: m, features: finite.filter((f) => f.startsWith(`${m}_`)) }));
  const input = {
    title: o.title,
    table,
    label: 'grade',
    positive: 'hgg',
    rocScores: primary,
    bootstrap: { replicates: o.bootstrap, seed: o.seed },
    direction: 'auto' as const,
    cv: { kind: 'kfold' as const, folds: o.folds, repeats: o.repeats, seed: o.seed },
    preSpecified: {
      methods: o.methods,
      selection: {
        groups,
        scheme: { kind: 'kfold' as const, folds: o.folds, repeats: o.repeats, seed: o.seed },
        replicates: o.bootstrap,
        permutations: o.permutations,
        seed: o.seed,
      },
    },
    generated: `${o.methods.join(' vs ')}, ${csv.rows.length} subjects, ${finite.length} perfusion-map features graded (${candidates.length - finite.length} left out as not finite for every subject); primary features fixed in the config: ${primary.join(', ')}${oracleNote(o.methods)}`,
  };
  const [statistics] = await o.pool.run('gradingStatistics', [input], {
    offMainThread: true,
    signal: o.signal,
  });
  const report = await writeGradingReport(outDir, input, statistics);
  const featureAuc = (s: (typeof report.auc.scores)[number]): FeatureAuc => ({
    feature: s.name,
    auc: s.auc,
    ciLow: 'lower' in s.delong ? s.delong.lower : null,
    ciHigh: 'upper' in s.delong ? s.delong.upper : null,
  });
  const selection = report.selection as NonNullable<typeof report.selection>;
  const summary: GradingSummary = {
    aucs: report.auc.scores.map(featureAuc),
    primary: (report.primary?.features ?? []).map((s) => ({ method: s.method, ...featureAuc(s) })),
    primaryTests: (report.paired ?? []).flatMap((t) =>
      'undefinedReason' in t
        ? []
        : [
            {
              a: t.score1,
              b: t.score2,
              difference: t.difference,
              ciLow: t.differenceCi[0],
              ciHigh: t.differenceCi[1],
              p: t.pValue,
            },
          ],
    ),
    nestedCv: selection.methods.map((m) => ({
      method: m.method,
      candidates: m.candidates,
      auc: m.nestedCvAuc,
      ciLow: m.interval?.[0] ?? null,
      ciHigh: m.interval?.[1] ?? null,
      chanceP: m.chancePValue,
      naiveBest: m.naiveBest,
    })),
    permutationTests: selection.comparisons.map((c) => ({
      a: c.a,
      b: c.b,
      difference: c.difference,
      ciLow: c.interval?.[0] ?? null,
      ciHigh: c.interval?.[1] ?? null,
      p: c.pValue,
    })),
    permutations: selection.permutations.count,
  };
  writeFileSync(
    join(outDir, 'summary.json'),
    `${JSON.stringify({ ...summary, html: 'report.html' }, null, 2)}\n`,
  );
  return summary;
}

/** One table of the subjects' rows; every row must have the columns of the first. */
function featureTableOf(rows: readonly string[], sources: readonly string[]): CsvTable {
  if (rows.length === 0) throw new FormatError('EMPTY_COHORT', 'no subjects to grade: the cohort is empty');
  const tables = rows.map((text, i) => parseCsv(text, sources[i]));
  const header = tables[0].header;
  for (const [i, t] of tables.entries()) {
    if (t.rows.length !== 1 || t.header.join(',') !== header.join(','))
      throw new FormatError(
        'FEATURES_MISMATCH',
        `${sources[i]}: a subject's feature row must be one row with the columns of ${sources[0]} (${header.length} columns); it has ${t.rows.length} rows of ${t.header.length} columns`,
      );
  }
  return { header, rows: tables.map((t) => t.rows[0]) };
}

/** Names the methods fitted with the oracle AIF, so no reader takes them for a method a study could use. */
function oracleNote(methods: string[]): string {
  const oracle = methods.filter((m) => parseFitMethod(m)?.aif === 'oracle');
  return oracle.length > 0 ? `; ${oracle.join(', ')}: fitted with ${ORACLE_AIF_NOTE}` : '';
}

/** The features.csv column of a method's primary feature; it must be finite for every subject. */
function primaryColumn(
  method: string,
  feature: string | undefined,
  header: string[],
  finiteForAll: (j: number) => boolean,
  source: string,
): string {
  if (!feature)
    throw new FormatError(
      'MISSING_PRIMARY_FEATURE',
      `grading.primary names no feature for method "${method}"; declare one before the run (e.g. ${method}: ktrans_per_min_mean)`,
    );
  const column = `${method}_${feature}`;
  const j = header.indexOf(column);
  if (j < 0)
    throw new FormatError(
      'PRIMARY_FEATURE_UNAVAILABLE',
      `${source}: no column ${column} (grading.primary.${method} = ${feature}); ${method}'s features are ${header.filter((h) => h.startsWith(`${method}_`)).join(', ')}`,
    );
  if (!finiteForAll(j))
    throw new FormatError(
      'PRIMARY_FEATURE_UNAVAILABLE',
      `${source}: the primary feature ${column} is not finite for every subject (an empty ROI or failed fits); it cannot be graded, and replacing it after the run would defeat its pre-specification`,
    );
  return column;
}
