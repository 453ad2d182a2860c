/** `qtm auc`: ROC/AUC of score columns of a CSV with DeLong (and bootstrap) intervals and DeLong tests. */
import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { parseCsv } from '../../formats/csv';
import { readScoreTable } from '../../formats/grading-score-table';
import type { RocDirection } from '../../perfusion/grading/roc-auc';
import { buildAucReport } from '../../reports/grading-auc-report';
import { formatAucReport } from '../../reports/grading-auc-table';
import { writeGradingReport } from '../../reports/grading-report';
import { addOptionAlias } from '../option-aliases';
import { commaList, integerOption } from '../option-parsers';

export interface AucCommandOptions {
  input: string;
  label: string;
  positive: string;
  scores: string[];
  paired?: boolean;
  unpaired?: boolean;
  bootstrap?: number;
  seed: number;
  direction: RocDirection | 'auto';
  json?: boolean;
  /** Folder for report.html with figures, when given. */
  out?: string;
}

function readAucTable(opts: AucCommandOptions) {
  return readScoreTable(
    parseCsv(readFileSync(opts.input, 'utf8'), opts.input),
    opts.label,
    opts.positive,
    opts.scores,
    opts.input,
  );
}

/** Runs the analysis and returns what the command prints. */
export function runAuc(opts: AucCommandOptions): string {
  const table = readAucTable(opts);
  const { report } = buildAucReport(table, {
    label: opts.label,
    positive: opts.positive,
    direction: opts.direction,
    paired: opts.paired,
    unpaired: opts.unpaired,
    bootstrap: opts.bootstrap ? { replicates: opts.bootstrap, seed: opts.seed } : undefined,
  });
  return opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatAucReport(report);
}

/**
 * Writes the HTML report (ROC curves with bootstrap bands, box plots, tables, paired tests) of the scores
 * into `dir`; returns the page's path. The bands use --bootstrap replicates (2000 when not given).
 */
export async function writeAucHtmlReport(opts: AucCommandOptions, dir: string): Promise<string> {
  const out = await writeGradingReport(dir, {
    title: `ROC analysis: ${opts.input}`,
    table: readAucTable(opts),
    label: opts.label,
    positive: opts.positive,
    rocScores: opts.scores,
    bootstrap: { replicates: opts.bootstrap ?? 2000, seed: opts.seed },
    direction: opts.direction,
    generated: new Date().toISOString(),
  });
  return out.html;
}

export function registerAuc(program: Command): void {
  const auc = program
    .command('auc')
    .description(
      'ROC AUC per score column with DeLong 95% CI; optional bootstrap CI and DeLong tests between scores',
    )
    .requiredOption('--input <file>', 'CSV, one row per subject')
    .requiredOption('--label <column>', 'class column (exactly two values)')
    .requiredOption('--positive <value>', 'value of the label column that is the positive class')
    .requiredOption('--scores <columns>', 'comma-separated score columns', commaList)
    .option('--paired', 'DeLong test of every pair of scores on the same subjects')
    .option('--unpaired', "pROC's unpaired DeLong test of every pair of scores")
    .option('--bootstrap <n>', 'stratified bootstrap CI with n replicates', integerOption(2))
    .option('--seed <s>', 'bootstrap seed', integerOption(0), 42)
    .addOption(
      new Option('--direction <d>', 'which scores predict the positive class (auto: pROC median rule)')
        .choices(['auto', 'higher', 'lower'])
        .default('auto'),
    )
    .option('--json', 'JSON output (schema qtm.auc/1, docs/cli-auc.md)')
    .option(
      '--out <dir>',
      'also write report.html (ROC curves with bootstrap bands, box plots, tables) into <dir>',
    );
  addOptionAlias(auc, { old: '--report <dir>', now: 'out' }).action(async (opts: AucCommandOptions) => {
    process.stdout.write(runAuc(opts));
    if (opts.out)
      process.stderr.write(`qtm auc: report written to ${await writeAucHtmlReport(opts, opts.out)}\n`);
  });
}
