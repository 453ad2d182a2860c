/**
 * `qtm experiment report <id>`: the experiment's grading report from the object store into a folder
 * (report.html, figures, tables), and its summary (every feature's AUC, best first) on stdout.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { DatabaseError } from '../../storage/db-error';
import { summariseSteps } from '../../storage/experiment-steps';
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
        const grading = summariseSteps(await results.experimentRuns(e.id)).find(
          (s) => s.stage === 'grade' && s.status === 'SUCCEEDED' && s.output !== null,
        );
        if (!grading?.output)
          throw new DatabaseError(
            'RESULT_NOT_FOUND',
            `experiment ${e.name} ${e.id} has no graded report (status ${e.status}); \`qtm experiment show ${e.id.slice(0, 8)}\` tells how far it got`,
          );
        const dir = opts.out ?? join('results', e.workflowId ?? e.id);
        const where = await downloadReport(grading.output.sha256, dir, settings);
        const summary = readFileSync(join(dir, 'summary.json'), 'utf8');
        if (opts.json) {
          process.stdout.write(summary);
          return;
        }
        process.stdout.write(`${formatSummary(JSON.parse(summary))}  report: ${where}\n`);
      });
    });
}

interface Summary {
  aucs?: Array<{ feature: string; auc: number; ciLow: number | null; ciHigh: number | null }>;
  comparison?: { a: string; b: string; z: number; p: number };
}

/** The report's summary in a few lines: the best feature of each method, then the paired test. */
export function formatSummary(s: Summary): string {
  const aucs = s.aucs ?? [];
  const lines: string[] = [];
  const methods = [...new Set(aucs.map((a) => a.feature.split('_')[0]))];
  for (const m of methods) {
    const best = aucs.find((a) => a.feature.startsWith(`${m}_`));
    if (!best) continue;
    const ci =
      best.ciLow === null
        ? 'CI undefined'
        : `95% CI ${best.ciLow.toFixed(3)}-${(best.ciHigh as number).toFixed(3)}`;
    lines.push(`best ${m} feature: ${best.feature}, AUC ${best.auc.toFixed(3)} (${ci})`);
  }
  if (s.comparison)
    lines.push(
      `paired DeLong test ${s.comparison.a} vs ${s.comparison.b}: Z ${s.comparison.z.toFixed(2)}, p ${s.comparison.p.toFixed(3)}`,
    );
  lines.push(`(${aucs.length} features graded; a best AUC is a maximum over them and so optimistic)`);
  return `${lines.join('\n')}\n`;
}
