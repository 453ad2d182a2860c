/**
 * `qtm lineage <sha256 | metric:<id>>`: which runs, configs, code versions and inputs produced a stored object
 * or a metric, walked back through the used/produced edges to the source data.
 */
import type { Command } from 'commander';
import { loadSettings } from '../../runtime/settings';
import type { LineageGraph, LineageRoot } from '../../storage/results-lineage';
import { openResultsRepository } from '../../storage/results-repository';
import { rowsToJson } from '../../storage/row-json';

export function registerLineage(program: Command): void {
  program
    .command('lineage <target>')
    .description(
      'walk back from a dataset/artifact sha256 (or metric:<id>) to the runs, configs and code that made it',
    )
    .option('--json', 'print the whole lineage graph as JSON')
    .action(async (target: string, opts: { json?: boolean }) => {
      const results = await openResultsRepository(loadSettings().databaseUrl);
      try {
        const root: LineageRoot = /^metric:\d+$/.test(target)
          ? { metricId: BigInt(target.slice(7)) }
          : await results.rootForSha256(target);
        const graph = await results.lineageOf(root);
        process.stdout.write(opts.json ? `${rowsToJson(graph)}\n` : formatLineage(graph));
      } finally {
        await results.close();
      }
    });
}

export function formatLineage(g: LineageGraph): string {
  const lines: string[] = [];
  if (g.metric)
    lines.push(
      `metric ${g.metric.name} = ${g.metric.value}${g.metric.fold !== null ? ` (fold ${g.metric.fold})` : ''}`,
    );
  const objects = new Map([
    ...g.datasets.map((d) => [d.id, `dataset ${d.kind} ${d.sha256}`] as const),
    ...g.artifacts.map((a) => [a.id, `artifact ${a.kind} ${a.sha256}`] as const),
  ]);
  for (const run of g.runs) {
    const exp = g.experiments.find((e) => e.id === run.experimentId);
    lines.push(
      `run ${run.kind} ${run.status} attempt ${run.attempt} on ${run.workerIdentity ?? '?'}${run.computeBackend ? ` (${run.computeBackend})` : ''} ${run.startedAt.toISOString()}`,
    );
    if (exp)
      lines.push(`  experiment ${exp.name} ${exp.id}: config ${exp.configHash}, code ${exp.codeVersion}`);
    for (const e of g.edges.filter((x) => x.runId === run.id)) {
      lines.push(
        `  ${e.direction.toLowerCase()} ${objects.get((e.datasetId ?? e.artifactId) as string) ?? '?'}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
