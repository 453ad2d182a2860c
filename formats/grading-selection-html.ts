/** The selection-aware section of the grading page: nested CV per method and the tests between methods. */
import { schemeText } from './grading-cv-report';
import { bootstrapText, intervalText, type SelectionReport } from './grading-selection-report';
import { escapeHtml as esc, htmlTable as table } from './html-table';

const f3 = (v: number) => v.toFixed(3);
const pv = (p: number) => p.toPrecision(3);

export function selectionSectionHtml(r: SelectionReport): string {
  const pct = `${Math.round(r.level * 100)}%`;
  const parts = [
    `<h2>Best of N features per method, selection-aware (nested CV, ${esc(schemeText(r.scheme))})</h2>`,
    table(
      [
        'method',
        'candidates',
        'nested-CV AUC',
        `${pct} CI (bootstrap)`,
        'p vs chance (permutation)',
        'naive best feature, apparent AUC (optimistic)',
        'chosen in outer folds',
      ],
      r.methods.map((m) => [
        m.method,
        String(m.candidates),
        f3(m.nestedCvAuc),
        intervalText(m.interval),
        pv(m.chancePValue),
        `${m.naiveBest.feature} ${f3(m.naiveBest.auc)}`,
        m.selected
          .slice(0, 3)
          .map((s) => `${s.feature} (${s.folds})`)
          .join(', '),
      ]),
    ),
  ];
  if (r.comparisons.length > 0)
    parts.push(
      `<h3>Difference of nested-CV AUCs between methods (${r.permutations.count} label permutations, each rerunning the whole nested CV)</h3>`,
      table(
        [
          'comparison',
          'AUC difference',
          `${pct} CI (bootstrap)`,
          'p (permutation, two-sided)',
          'null 95% range',
        ],
        r.comparisons.map((c) => [
          `${c.a} - ${c.b}`,
          f3(c.difference),
          intervalText(c.interval),
          pv(c.pValue),
          intervalText(c.nullRange),
        ]),
      ),
    );
  parts.push(
    `<p>${esc(bootstrapText(r.bootstrap))}; permutation seed ${r.permutations.seed}.</p>`,
    ...r.notes.map((n) => `<p><i>${esc(n)}.</i></p>`),
  );
  return parts.join('\n');
}
