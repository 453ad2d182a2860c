/**
 * #/experiments/<id>: one experiment's stages (bars with counts), its report and subjects, and every step
 * with status, attempts, duration, cache hit, output (linking to its lineage) and metrics.
 */
import { formatDuration } from '../../runtime/duration-text';
import { type ExperimentView, getJson, type StageRow, type StepRow } from './api';
import { h, table } from './dom';

function stageBar(s: StageRow): HTMLElement {
  const total = s.total ?? Math.max(s.done, 1);
  const pct = Math.min(100, Math.round((100 * s.done) / Math.max(total, 1)));
  const took =
    s.startedAt && s.finishedAt ? formatDuration(Date.parse(s.finishedAt) - Date.parse(s.startedAt)) : '';
  const notes = [
    s.cached ? `${s.cached} cached` : '',
    s.running ? `${s.running} running` : '',
    s.failed ? `${s.failed} failed` : '',
    s.retries ? `${s.retries} retries` : '',
    took,
  ].filter(Boolean);
  return h(
    'div',
    { class: 'stage' },
    h('strong', {}, s.stage),
    h('div', { class: 'bar' }, h('div', { style: `width:${pct}%` })),
    h('span', { class: 'stage-count' }, `${s.done}/${s.total ?? '?'}`),
    h('span', { class: 'muted' }, notes.join(', ')),
  );
}

function metricsCell(s: StepRow): HTMLElement | string {
  if (s.metrics.length === 0) return '';
  const best = [...s.metrics].sort((a, b) => b.value - a.value);
  return h(
    'details',
    {},
    h('summary', {}, `${s.metrics.length} metric${s.metrics.length > 1 ? 's' : ''}`),
    ...best.map((m) =>
      h(
        'div',
        {},
        h('a', { href: `#/lineage/metric:${m.id}` }, m.name),
        ` = ${Number(m.value.toPrecision(5))}`,
      ),
    ),
  );
}

function stepRow(s: StepRow): Array<HTMLElement | string> {
  return [
    s.stage,
    s.kind,
    h('span', { class: `status-${s.status}` }, s.status),
    String(s.attempts),
    s.durationMs === null ? 'running' : formatDuration(s.durationMs),
    s.cached ? 'hit' : '',
    s.output
      ? h('a', { href: `#/lineage/${s.output.sha256}` }, `${s.output.kind} ${s.output.sha256.slice(0, 10)}`)
      : '',
    metricsCell(s),
    s.lastFailure
      ? `attempt ${s.lastFailure.attempt}: ${s.lastFailure.code}: ${s.lastFailure.message.slice(0, 120)}`
      : '',
  ];
}

export async function experimentPage(page: HTMLElement, id: string): Promise<void> {
  const v = await getJson<ExperimentView>(`/api/experiments/${encodeURIComponent(id)}`);
  const e = v.experiment;
  const subjectLabel = (meta: Record<string, unknown>) =>
    Object.entries(meta)
      .map(([k, x]) => `${k} ${x}`)
      .join(', ');
  page.replaceChildren(
    h('h1', {}, `${e.name} `, h('span', { class: `status-${e.status}` }, e.status)),
    h(
      'p',
      { class: 'muted' },
      `experiment ${e.id}, workflow ${e.workflowId ?? '-'}, config ${e.configHash.slice(0, 12)}, code ${e.codeVersion}`,
    ),
    v.report
      ? h(
          'p',
          {},
          h(
            'a',
            { href: `#/experiments/${e.id}/report`, id: 'report-link' },
            'Report: ROC curves, features, AUCs',
          ),
        )
      : h('p', { class: 'muted' }, 'No report yet.'),
    h('h2', {}, 'Stages'),
    h('div', { id: 'stages' }, ...v.stages.map(stageBar)),
    h('h2', {}, `Subjects (${v.subjects.length})`),
    v.subjects.length === 0
      ? h('p', { class: 'muted' }, 'No subject datasets recorded.')
      : table(
          ['subject', 'maps', ''],
          v.subjects.map((s) => [
            subjectLabel(s.meta) || s.sha256.slice(0, 10),
            s.maps.map((m) => m.method).join(', '),
            h(
              'a',
              { href: `#/experiments/${e.id}/subjects/${s.sha256}`, class: 'subject-link' },
              'view maps',
            ),
          ]),
          { id: 'subjects' },
        ),
    h('h2', {}, 'Steps'),
    table(
      ['stage', 'step', 'status', 'attempts', 'took', 'cache', 'output', 'metrics', 'last failure'],
      v.steps.map(stepRow),
      { id: 'steps' },
    ),
    h('details', {}, h('summary', {}, 'Config'), h('pre', {}, JSON.stringify(e.config, null, 2))),
  );
}
