/**
 * #/experiments/<id>/report: the grading report, figures first (every PNG of the report dataset), then the
 * primary result, then the tables (every feature's AUC with its DeLong interval) and the full HTML report.
 */
import { type ExperimentView, fileUrl, getJson } from './api';
import { h, table } from './dom';

interface Summary {
  aucs?: Array<{ feature: string; auc: number; ciLow: number | null; ciHigh: number | null }>;
}

export async function reportPage(page: HTMLElement, id: string): Promise<void> {
  const v = await getJson<ExperimentView>(`/api/experiments/${encodeURIComponent(id)}`);
  const r = v.report;
  if (!r)
    throw new Error(`experiment ${v.experiment.name} has no report yet (status ${v.experiment.status})`);
  // The ROC curves are the result; the other figures explain it.
  const figures = r.files
    .filter((f) => f.endsWith('.png'))
    .sort((a, b) => Number(b.startsWith('roc')) - Number(a.startsWith('roc')));
  const summary = r.files.includes('summary.json')
    ? await getJson<Summary>(fileUrl(r.sha256, 'summary.json'))
    : {};
  const f3 = (x: number | null) => (x === null ? '-' : x.toFixed(3));
  // Images are in the page before the view resolves; wait for them so "ready" means drawn.
  const images = figures.map((f) => h('img', { src: fileUrl(r.sha256, f), alt: f }) as HTMLImageElement);
  page.replaceChildren(
    h('h1', {}, `Report: ${v.experiment.name}`),
    h(
      'div',
      { class: 'plots', id: 'plots' },
      ...images.map((img, i) => h('figure', {}, img, h('figcaption', {}, figures[i]))),
    ),
    h('div', { class: 'headline', id: 'headline' }, ...r.headline.map((line) => h('p', {}, line))),
    h(
      'p',
      {},
      h('a', { href: fileUrl(r.sha256, 'report.html'), target: '_blank' }, 'full HTML report'),
      ' · ',
      h('a', { href: fileUrl(r.sha256, 'features.csv') }, 'features.csv'),
      ' · ',
      h('a', { href: `#/lineage/${r.sha256}` }, 'lineage of this report'),
    ),
    h('h2', {}, 'Every feature, best AUC first'),
    table(
      ['feature', 'AUC', '95% CI (DeLong)'],
      (summary.aucs ?? []).map((a) => [a.feature, f3(a.auc), `${f3(a.ciLow)} - ${f3(a.ciHigh)}`]),
      { id: 'auc-table' },
    ),
  );
  await Promise.all(images.map((img) => img.decode().catch(() => undefined)));
}
