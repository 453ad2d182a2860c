/** #/ : every recorded experiment, newest first. */
import { formatDuration as duration } from '../../runtime/duration-text';
import { type ExperimentRow, getJson } from './api';
import { h, table } from './dom';

export async function experimentsPage(page: HTMLElement): Promise<void> {
  const rows = await getJson<ExperimentRow[]>('/api/experiments');
  page.replaceChildren(
    h('h1', {}, 'Experiments'),
    rows.length === 0
      ? h('p', { class: 'muted' }, 'No experiments recorded yet: qtm experiment run <config.yaml>.')
      : table(
          ['name', 'status', 'started', 'took', 'runs', 'code', 'id'],
          rows.map((e) => [
            h('a', { href: `#/experiments/${e.id}` }, e.name),
            h('span', { class: `status-${e.status}` }, e.status),
            e.createdAt.replace('T', ' ').slice(0, 19),
            e.finishedAt ? duration(Date.parse(e.finishedAt) - Date.parse(e.createdAt)) : '-',
            String(e.runCount ?? ''),
            e.codeVersion.slice(0, 16),
            h('code', {}, e.id.slice(0, 8)),
          ]),
          { id: 'experiments' },
        ),
  );
}
