/** `qtm cv`: cross-validated AUC per feature and for all features combined (docs/cli-auc.md). */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { type CsvTable, parseCsv } from '../../formats/csv';
import { readScoreTable } from '../../formats/grading-score-table';
import { buildCvReport, formatCvReport } from '../../reports/grading-cv-report';
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
  const report = buildCvReport(table, {
    label: opts.label,
    positive: opts.positive,
    scheme: opts.loo
      ? { kind: 'loo' }
      : { kind: 'kfold', folds: opts.folds, repeats: opts.repeats, seed: opts.seed },
  });
  if (opts.json) return `${JSON.stringify({ ...report, skippedColumns: skipped }, null, 2)}\n`;
  const note =
    skipped.length > 0
      ? `note: columns left out (not all cells are finite numbers): ${skipped.join(', ')}\n`
      : '';
  return formatCvReport(report) + note;
}

export function registerCv(program: Command): void {
  program
    .command('cv')
    .description(
      'cross-validated AUC (subject-level stratified folds): each feature alone and all features combined',
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
    .option('--seed <s>', 'seed of the fold assignment', integerOption(0), 1)
    .option('--json', 'JSON output (schema qtm.cv/1)')
    .action((opts: CvCommandOptions) => {
      process.stdout.write(runCv(opts));
    });
}
