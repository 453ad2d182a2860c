/** `qtm experiment list`: the recorded experiments, newest first. */
import type { Command } from 'commander';
import { textTable } from '../../reports/grading-auc-table';
import { formatDuration } from '../../runtime/duration-text';
import { rowsToJson } from '../../storage/row-json';
import { integerOption } from '../option-parsers';
import { withResults } from '../results-session';

/** "2026-11-29 15:02:11" in UTC, as the database stores it. */
export function formatTime(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export function registerExperimentList(experiment: Command): void {
  experiment
    .command('list')
    .description('the recorded experiments, newest first (ids are unique by their first 8 characters)')
    .option('--limit <n>', 'at most this many', integerOption(1), 50)
    .option('--json', 'print the rows as JSON')
    .action(async (opts: { limit: number; json?: boolean }) => {
      await withResults(async (results) => {
        const rows = await results.listExperiments(opts.limit);
        if (opts.json) {
          process.stdout.write(`${rowsToJson(rows)}\n`);
          return;
        }
        if (rows.length === 0) {
          process.stdout.write('no experiments recorded yet (qtm experiment run <config.yaml>)\n');
          return;
        }
        const table = textTable(
          ['id', 'name', 'status', 'started', 'took', 'runs', 'code', 'workflow'],
          rows.map((e) => [
            e.id.slice(0, 8),
            e.name,
            e.status,
            formatTime(e.createdAt),
            e.finishedAt ? formatDuration(e.finishedAt.getTime() - e.createdAt.getTime()) : '-',
            String(e.runCount),
            e.codeVersion.replace(/^git:([0-9a-f]{12})[0-9a-f]*/, 'git:$1'),
            e.workflowId ?? '-',
          ]),
        );
        process.stdout.write(`${table.join('\n')}\n`);
      });
    });
}
