/**
 * The results viewer's page: a hash router over five views. #/ experiments, #/experiments/<id> one
 * experiment, #/experiments/<id>/report its report, #/experiments/<id>/subjects/<sha256> a subject's maps in
 * the NIfTI viewer, #/lineage/<sha256 | metric:id> the lineage graph.
 */
import { h } from './dom';
import { experimentPage } from './experiment-page';
import { experimentsPage } from './experiments-page';
import { lineagePage } from './lineage-page';
import { reportPage } from './report-page';
import { subjectPage } from './subject-page';

type View = (page: HTMLElement, ...params: string[]) => Promise<void>;

const ROUTES: Array<[RegExp, View]> = [
  [/^#?\/?$/, experimentsPage],
  [/^#\/experiments\/([^/]+)$/, experimentPage],
  [/^#\/experiments\/([^/]+)\/report$/, reportPage],
  [/^#\/experiments\/([^/]+)\/subjects\/([0-9a-f]{64})$/, subjectPage],
  [/^#\/lineage\/([^/]+)$/, lineagePage],
];

/**
 * Incremented per navigation. When a view has finished (its data, images and canvas drawn), `data-ready` on
 * <body> is set to its location.hash, which is what a test waits for.
 */
let generation = 0;

async function route(): Promise<void> {
  const mine = ++generation;
  const page = document.getElementById('page') as HTMLElement;
  // In the document from the start: the image viewer's canvas needs a laid-out size to attach to.
  const fresh = h('div', {}, h('p', { class: 'muted' }, 'loading...'));
  page.replaceChildren(fresh);
  const target = location.hash;
  const hash = decodeURIComponent(target);
  const match = ROUTES.map(([re, view]) => [hash.match(re), view] as const).find(([m]) => m !== null);
  try {
    if (!match) throw new Error(`no page ${hash}`);
    const [m, view] = match;
    await view(fresh, ...(m as RegExpMatchArray).slice(1));
  } catch (err) {
    fresh.replaceChildren(h('p', { class: 'error' }, String((err as Error).message ?? err)));
  }
  if (mine === generation) document.body.dataset.ready = target;
}

window.addEventListener('hashchange', () => void route());
void route();
