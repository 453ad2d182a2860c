/** The grading report's HTML page: self-contained apart from its images, tables with AUCs to 3 decimals. */
import type { AucReport, PrimaryReport } from './grading-auc-report';
import type { CvReport } from './grading-cv-report';

import { selectionSectionHtml } from './grading-selection-html';
import type { SelectionReport } from './grading-selection-report';
import { escapeHtml as esc, htmlTable as table } from './html-table';

export interface ReportFigure {
  caption: string;
  /** PNG and SVG file names, relative to the page. */
  png: string;
  svg: string;
  /** PNG size in pixels; shown at half size (the PNGs are rendered at 2x). */
  width: number;
  height: number;
}

const f3 = (v: number) => v.toFixed(3);
const pv = (p: number) => (p < 1e-4 ? p.toExponential(1) : p.toPrecision(3));

const ci = (x: { lower: number; upper: number } | { undefinedReason: string } | undefined) =>
  !x ? '' : 'lower' in x ? `${f3(x.lower)}-${f3(x.upper)}` : 'undefined';

function pairedTable(paired: NonNullable<AucReport['paired']>): string {
  return table(
    ['comparison', 'AUC1 - AUC2', '95% CI', 'Z', 'p (two-sided)'],
    paired.map((t) =>
      'undefinedReason' in t
        ? [`${t.score1} vs ${t.score2}`, 'undefined', t.undefinedReason, '', '']
        : [
            `${t.score1} vs ${t.score2}`,
            f3(t.difference),
            `${f3(t.differenceCi[0])} to ${f3(t.differenceCi[1])}`,
            t.z.toFixed(2),
            pv(t.pValue),
          ],
    ),
  );
}

export function gradingReportHtml(input: {
  title: string;
  auc: AucReport;
  paired: AucReport['paired'];
  /** Pre-specified grading: the primary features lead, best-of-N appears only beside its nested-CV AUC. */
  primary?: PrimaryReport;
  selection?: SelectionReport;
  cv?: CvReport;
  figures: ReportFigure[];
  generated: string;
}): string {
  const { auc } = input;
  const aucRows = auc.scores.map((s) => [s.name, s.direction, f3(s.auc), ci(s.delong), ci(s.bootstrap)]);
  const parts = [
    `<h1>${esc(input.title)}</h1>`,
    `<p>${esc(`${auc.label} = ${auc.positiveClass}: ${auc.positives} positive vs ${auc.negatives} ${auc.negativeClass}.`)} Generated ${esc(input.generated)}.</p>`,
  ];
  if (input.primary) {
    const { features, paired } = input.primary;
    parts.push(
      '<h2>Primary features (pre-specified before the run)</h2>',
      table(
        ['method', 'feature', 'direction', 'AUC', '95% CI (DeLong)', '95% CI (bootstrap)'],
        features.map((s) => [s.method, s.name, s.direction, f3(s.auc), ci(s.delong), ci(s.bootstrap)]),
      ),
    );
    if (paired && paired.length > 0)
      parts.push('<h3>Paired DeLong test of the primary features</h3>', pairedTable(paired));
  }
  if (input.selection) parts.push(selectionSectionHtml(input.selection));
  parts.push(
    '<h2>Univariate ROC analysis, every feature</h2>',
    table(['feature', 'direction', 'AUC', '95% CI (DeLong)', '95% CI (bootstrap)'], aucRows),
  );
  if (!input.selection)
    parts.push(
      `<p class="best"><b>Best AUC:</b> ${esc(auc.best.name)} ${f3(auc.best.auc)} of ${auc.best.featuresCompared} features. <i>${esc(auc.best.note)}.</i></p>`,
    );
  if (!input.primary && input.paired && input.paired.length > 0)
    parts.push('<h2>Paired DeLong tests</h2>', pairedTable(input.paired));
  if (input.cv) {
    const s = input.cv.scheme;
    parts.push(
      `<h2>Cross-validated AUC (${esc(s.kind === 'loo' ? 'leave-one-out' : `stratified ${s.folds}-fold x ${s.repeats}, seed ${s.seed}`)})</h2>`,
      table(
        [
          'feature set',
          'classifier',
          'pooled AUC',
          'range over repeats',
          'per-fold AUC',
          '95% CI (DeLong, mean OOF score)',
        ],
        input.cv.sets.map((r) => [
          r.features.length === 1 ? r.features[0] : `all ${r.features.length} features`,
          r.classifier,
          f3(r.pooledAucMean),
          `${f3(r.pooledAucRange[0])}-${f3(r.pooledAucRange[1])}`,
          r.perFoldAucMean === null || r.perFoldAucSd === null
            ? '-'
            : `${f3(r.perFoldAucMean)} ± ${f3(r.perFoldAucSd)}`,
          ci(r.meanScoreDelong),
        ]),
      ),
    );
  }
  for (const f of input.figures) {
    parts.push(
      `<figure><img src="${esc(f.png)}" width="${Math.round(f.width / 2)}" height="${Math.round(f.height / 2)}" alt="${esc(f.caption)}"><figcaption>${esc(f.caption)} (<a href="${esc(f.svg)}">SVG</a>)</figcaption></figure>`,
    );
  }
  const style =
    'body{font-family:"DejaVu Sans",sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:0.5em 0}' +
    'th,td{border:1px solid #bbb;padding:3px 8px;text-align:left;white-space:nowrap}th{background:#eee}figure{margin:1.5em 0}.best{background:#fff6d5;padding:6px}';
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${esc(input.title)}</title><style>${style}</style></head>\n<body>\n${parts.join('\n')}\n</body></html>\n`;
}
