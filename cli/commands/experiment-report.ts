/**
 * `qtm experiment report <id>`: the experiment's grading report from the object store into a folder
 * (report.html, figures, tables), and its summary (every feature's AUC, best first) on stdout.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { isSafeName, SAFE_NAME_RULE } from '../../contracts/safe-names';
import { gradingSummaryLines } from '../../reports/grading-summary-text';
import { DatabaseError } from '../../storage/db-error';
import { gradingReport, summariseSteps } from '../../storage/experiment-steps';
import { downloadReport } from '../report-download';
import { withResults } from '../results-session';

export function registerExperimentReport(experiment: Command): void {
  experiment
    .command('report <id>')
    .description('download the grading report of an experiment and print its summary')
    .option('--out <dir>', 'folder to write the report into (default results/<workflow id or experiment id>)')
    .option('--json', 'print summary.json as it is')
    .action(async (ref: string, opts: { out?: string; json?: boolean }) => {
      await withResults(async (results, settings) => {
        const e = await results.resolveExperiment(ref);
        const report = gradingReport(summariseSteps(await results.experimentRuns(e.id)));
        if (!report)
          throw new DatabaseError(
            'RESULT_NOT_FOUND',
            `experiment ${e.name} ${e.id} has no graded report (status ${e.status}); \`qtm experiment show ${e.id.slice(0, 8)}\` tells how far it got`,
          );
        const dir = opts.out ?? join('results', reportFolderName(e.workflowId ?? e.id));
        const where = await downloadReport(report.sha256, dir, settings);
        const summary = readFileSync(join(dir, 'summary.json'), 'utf8');
        if (opts.json) {
          process.stdout.write(summary);
          return;
        }
        const lines = [...gradingSummaryLines(JSON.parse(summary)), `report: ${where}`];
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });
}

/** The id as the name of a folder under results/; one started elsewhere may not be fit for it. */
function reportFolderName(id: string): string {
  if (!isSafeName(id))
    throw new DatabaseError(
      'INVALID_FOLDER_NAME',
      `the recorded workflow id "${id.slice(0, 80)}" cannot name a folder under results/ (${SAFE_NAME_RULE}); give --out <dir>`,
    );
  return id;
}
