/**
 * `qtm cv`: cross-validated AUC per feature and for all features combined, or with --nested the
 * selection-aware AUC of "the best of these features" per method with permutation tests between methods
 * (docs/cli-auc.md).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { type CsvTable, parseCsv } from '../../formats/csv';
import { FormatError } from '../../formats/format-error';
import { readScoreTable } from '../../formats/grading-score-table';
import { buildCvReport, formatCvReport } from '../../reports/grading-cv-report';
import { buildSelectionReport } from '../../reports/grading-selection-report';
import { formatSelectionReport } from '../../reports/grading-selection-table';
import { commaList, integerOption } from '../option-parsers';

export interface CvCommandOptions {
  input: string;
  label: string;
  positive: string;
  features?: string[];
  folds: number;
  repeats: number;
  loo?: boolean;
  seed: number;
  nested?: boolean;
  /** With --nested: feature groups by column prefix `<method>_` (default: one group of every feature). */
  methods?: string[];
  permutations: number;
  bootstrap: number;
  json?: boolean;
}

/** Columns used when --features is not given: every all-numeric column except the label and `subject`. */
function numericColumns(table: CsvTable, label: string): string[] {
  return table.header.filter(
    (name, j) =>
      name !== label &&
      name !== 'subject' &&
      table.rows.every((r) => r[j].trim() !== '' && Number.isFinite(Number(r[j]))),
  );
}

/** Runs the cross-validation and returns what the command prints. */
export function runCv(opts: CvCommandOptions): string {
  const csv = parseCsv(readFileSync(opts.input, 'utf8'), opts.input);
  const features = opts.features ?? numericColumns(csv, opts.label);
  // Say which columns the default choice left out, so a feature with a NaN cell is not dropped silently.
  const skipped = opts.features
    ? []
    : csv.header.filter((h) => h !== opts.label && h !== 'subject' && !features.includes(h));
  const table = readScoreTable(csv, opts.label, opts.positive, features, opts.input);
  const common = {
    label: opts.label,
    positive: opts.positive,
    scheme: opts.loo
      ? ({ kind: 'loo' } as const)
      : ({ kind: 'kfold', folds: opts.folds, repeats: opts.repeats, seed: opts.seed } as const),
  };
  const note =
    skipped.length > 0
      ? `note: columns left out (not all cells are finite numbers): ${skipped.join(', ')}\n`
      : '';
  if (opts.nested) {
    const report = buildSelectionReport(table, {
      ...common,
      groups: featureGroups(features, opts.methods, opts.input),
      replicates: opts.bootstrap,
      permutations: opts.permutations,
      seed: opts.seed,
    });
    if (opts.json) return `${JSON.stringify({ ...report, skippedColumns: skipped }, null, 2)}\n`;
    return formatSelectionReport(report) + note;
  }
  const report = buildCvReport(table, common);
  if (opts.json) return `${JSON.stringify({ ...report, skippedColumns: skipped }, null, 2)}\n`;
  return formatCvReport(report) + note;
}

/** The candidate features of each method: the columns named `<method>_...`, or one group of them all. */
function featureGroups(
  features: string[],
  methods: string[] | undefined,
  source: string,
): Array<{ method: string; features: string[] }> {
  if (!methods) return [{ method: 'all features', features }];
  return methods.map((method) => {
    const own = features.filter((f) => f.startsWith(`${method}_`));
    if (own.length === 0)
      throw new FormatError(
        'NO_FEATURES',
        `${source}: no feature column starts with "${method}_"; --methods takes column prefixes (e.g. 2cxm,qtmnet)`,
      );
    return { method, features: own };
  });
}

export function registerCv(program: Command): void {
  program
    .command('cv')
    .description(
      'cross-validated AUC (subject-level stratified folds): each feature alone and all features combined, or (--nested) the best feature chosen inside each training part',
    )
    .requiredOption('--input <file>', 'CSV, one row per subject (e.g. from qtm features)')
    .requiredOption('--label <column>', 'class column (exactly two values)')
    .requiredOption('--positive <value>', 'value of the label column that is the positive class')
    .option(
      '--features <columns>',
      'comma-separated feature columns (default: every numeric column)',
      commaList,
    )
    .option('--folds <k>', 'folds per repeat', integerOption(2), 5)
    .option('--repeats <r>', 'repeats of the k-fold split', integerOption(1), 20)
    .option('--loo', 'leave-one-out instead of repeated k-fold')
    .option(
      '--seed <s>',
      'seed of the fold assignment, the bootstrap and the permutations',
      integerOption(0),
      1,
    )
    .option(
      '--nested',
      'nested CV of "the best single feature": chosen inside each training part, with a bootstrap CI and label-permutation tests',
    )
    .option(
      '--methods <prefixes>',
      'with --nested: one candidate group per column prefix <method>_ (e.g. 2cxm,qtmnet), compared pairwise',
      commaList,
    )
    .option(
      '--permutations <n>',
      'with --nested: label permutations, each rerunning the nested CV',
      integerOption(1),
      1000,
    )
    .option(
      '--bootstrap <n>',
      'with --nested: bootstrap resamples of the nested-CV intervals',
      integerOption(2),
      2000,
    )
    .option('--json', 'JSON output (schema qtm.cv/1, or qtm.nested-cv/1 with --nested)')
    .action((opts: CvCommandOptions) => {
      process.stdout.write(runCv(opts));
    });
}
