/** `qtm experiment compare <a> <b>`: what differs between two experiments' configs and metrics. */
import type { Command } from 'commander';
import { textTable } from '../../reports/grading-auc-table';
import { summariseSteps } from '../../storage/experiment-steps';
import { rowsToJson } from '../../storage/row-json';
import { type ConfigChange, configDiff, type MetricChange, metricDiff } from '../experiment-diff';
import { withResults } from '../results-session';

const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));
const num = (v: number | null) => (v === null ? '-' : String(Number(v.toPrecision(6))));

export function registerExperimentCompare(experiment: Command): void {
  experiment
    .command('compare <a> <b>')
    .description('config differences and metric differences (b - a) of two experiments')
    .option('--json', 'print both experiments, the config changes and the metric changes as JSON')
    .action(async (refA: string, refB: string, opts: { json?: boolean }) => {
      await withResults(async (results) => {
        const [a, b] = [await results.resolveExperiment(refA), await results.resolveExperiment(refB)];
        const config = configDiff(a.config, b.config);
        const metrics = metricDiff(
          summariseSteps(await results.experimentRuns(a.id)),
          summariseSteps(await results.experimentRuns(b.id)),
        );
        const head = (e: typeof a) => ({
          id: e.id,
          name: e.name,
          status: e.status,
          codeVersion: e.codeVersion,
        });
        process.stdout.write(
          opts.json
            ? `${rowsToJson({ a: head(a), b: head(b), config, metrics })}\n`
            : formatComparison(a, b, config, metrics),
        );
      });
    });
}

type Head = { id: string; name: string; status: string; codeVersion: string };

export function formatComparison(a: Head, b: Head, config: ConfigChange[], metrics: MetricChange[]): string {
  const lines = [
    `a: ${a.name} ${a.id} ${a.status}, code ${a.codeVersion}`,
    `b: ${b.name} ${b.id} ${b.status}, code ${b.codeVersion}`,
    '',
    config.length === 0
      ? 'config: identical'
      : `config: ${config.length} difference${config.length > 1 ? 's' : ''}`,
    ...config.map((c) => `  ${c.path}: ${show(c.a)} -> ${show(c.b)}`),
    '',
  ];
  if (metrics.length === 0) lines.push('metrics: none recorded');
  else
    lines.push(
      'metrics',
      ...textTable(
        ['step and metric', 'a', 'b', 'b - a'],
        metrics.map((m) => [m.key, num(m.a), num(m.b), num(m.delta)]),
      ).map((l) => `  ${l}`),
    );
  return `${lines.join('\n')}\n`;
}
