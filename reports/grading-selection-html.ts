/** The selection-aware section of the grading page: nested CV per method and the tests between methods. */
import { schemeText } from './grading-cv-report';
import type { SelectionReport } from './grading-selection-report';
import { comparisonTable, methodTable, resamplingText } from './grading-selection-table';
import { escapeHtml as esc, htmlTable as table } from './html-table';

export function selectionSectionHtml(r: SelectionReport): string {
  const methods = methodTable(r);
  const comparisons = comparisonTable(r);
  const parts = [
    `<h2>Best of N features per method, selection-aware (nested CV, ${esc(schemeText(r.scheme))})</h2>`,
    table(methods.header, methods.rows),
  ];
  if (comparisons.rows.length > 0)
    parts.push(
      '<h3>Difference of nested-CV AUCs between methods</h3>',
      table(comparisons.header, comparisons.rows),
    );
  parts.push(`<p>${esc(resamplingText(r))}.</p>`, ...r.notes.map((n) => `<p><i>${esc(n)}.</i></p>`));
  return parts.join('\n');
}
