/**
 * `qtm experiment show <id>`: one experiment's stages and steps (status, attempts, durations, cache hits,
 * metrics, the last failure of a retried step) from its Run rows, with what Temporal has in flight while
 * its workflow runs.
 */
import type { Command } from 'commander';
import { textTable } from '../../reports/grading-auc-table';
import { formatDuration } from '../../runtime/duration-text';
import type { StepSummary } from '../../storage/experiment-steps';
import { rowsToJson } from '../../storage/row-json';
import { type ExperimentStatus, experimentStatus } from '../experiment-status';
import { formatStageBar } from '../progress-view';
import { withResults, withWorkflowHandle } from '../results-session';
import { formatTime } from './experiment-list';

/** Metrics listed per step; a step with more (a grading has one AUC per feature) lists its best. */
const METRICS_SHOWN = 6;

export function registerExperimentShow(experiment: Command): void {
  experiment
    .command('show <id>')
    .description('stages and steps of an experiment (id, id prefix or workflow id)')
    .option('--json', 'print the experiment, its steps and stages and the pending activities as JSON')
    .action(async (ref: string, opts: { json?: boolean }) => {
      await withResults(async (results, settings) => {
        const row = await results.resolveExperiment(ref);
        const status = await withWorkflowHandle(settings, row.workflowId, (handle) =>
          experimentStatus(results, row, handle),
        );
        process.stdout.write(opts.json ? `${rowsToJson(status)}\n` : formatStatus(status, new Date()));
      });
    });
}

function shortRef(o: StepSummary['output']): string {
  return o ? `${o.kind} ${o.sha256.slice(0, 12)}` : '-';
}

function stepMetrics(s: StepSummary): string[] {
  const sorted = [...s.metrics].sort((a, b) => b.value - a.value);
  const shown = sorted.slice(0, METRICS_SHOWN).map((m) => {
    const at = [m.step === null ? '' : ` step ${m.step}`, m.fold === null ? '' : ` fold ${m.fold}`].join('');
    return `    ${m.name}${at} = ${Number(m.value.toPrecision(6))}`;
  });
  const more = sorted.length - shown.length;
  return more > 0 ? [...shown, `    (${more} more, highest first; --json lists all)`] : shown;
}

export function formatStatus(st: ExperimentStatus, now: Date): string {
  const e = st.experiment;
  const lines = [
    `experiment ${e.name} ${e.id} ${e.status}${st.workflow ? ` (workflow ${e.workflowId}: ${st.workflow.status})` : e.workflowId ? ` (workflow ${e.workflowId})` : ''}`,
    `  config ${e.configHash.slice(0, 12)}, code ${e.codeVersion}, started ${formatTime(e.createdAt)}${e.finishedAt ? `, took ${formatDuration(e.finishedAt.getTime() - e.createdAt.getTime())}` : ''}`,
    '',
    'stages',
    ...st.stages.map((s) => `  ${formatStageBar(s, now)}`),
    '',
    'steps',
    ...textTable(
      ['stage', 'step', 'status', 'attempts', 'took', 'cache', 'output', 'metrics'],
      st.steps.map((s) => [
        s.stage,
        s.kind,
        s.status,
        String(s.attempts),
        s.durationMs === null
          ? `${formatDuration(now.getTime() - s.startedAt.getTime())}+`
          : formatDuration(s.durationMs),
        s.cached ? 'hit' : '-',
        shortRef(s.output),
        String(s.metrics.length),
      ]),
    ).map((l) => `  ${l}`),
  ];
  const withMetrics = st.steps.filter((s) => s.metrics.length > 0);
  if (withMetrics.length > 0) {
    lines.push('', 'metrics');
    for (const s of withMetrics)
      lines.push(`  ${s.kind} ${shortRef(s.output)}${s.cached ? ' (reused)' : ''}`, ...stepMetrics(s));
  }
  const failed = st.steps.filter((s) => s.lastFailure !== null);
  if (failed.length > 0) {
    lines.push('', 'failures (latest failed attempt of each step)');
    for (const s of failed) {
      const f = s.lastFailure as NonNullable<StepSummary['lastFailure']>;
      lines.push(
        `  ${s.kind} attempt ${f.attempt} (${s.status} now): ${f.code}: ${f.message.split('\n')[0]}`,
      );
    }
  }
  if (st.workflow && st.workflow.pending.length > 0) {
    lines.push('', 'in flight (Temporal)');
    for (const p of st.workflow.pending) {
      const beat = p.lastHeartbeatAt
        ? `, last heartbeat ${formatDuration(now.getTime() - p.lastHeartbeatAt.getTime())} ago`
        : '';
      const next = p.nextAttemptAt
        ? `, next attempt in ${formatDuration(p.nextAttemptAt.getTime() - now.getTime())}`
        : '';
      lines.push(
        `  ${p.activityType} ${p.state}, attempt ${p.attempt}/${p.maximumAttempts || '-'}${p.worker ? ` on ${p.worker}` : ''}${beat}${next}`,
      );
      if (p.lastFailure) lines.push(`    last failure: ${p.lastFailure.split('\n')[0]}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
