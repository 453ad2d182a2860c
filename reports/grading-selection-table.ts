/**
 * The cells of a `qtm.nested-cv/1` report, shared by its terminal text (`qtm cv --nested`) and its HTML
 * section, and the terminal text itself. AUCs to 3 decimals, p-values to 3 significant digits.
 */
import { textTable } from './grading-auc-table';
import { schemeText } from './grading-cv-report';
import type { SelectionReport } from './grading-selection-report';

const f3 = (v: number) => v.toFixed(3);
const pv = (p: number) => p.toPrecision(3);
const intervalText = (x: [number, number] | null) =>
  x === null ? 'undefined' : `${f3(x[0])} to ${f3(x[1])}`;

export interface TextTable {
  header: string[];
  rows: string[][];
}

/** One row per method: nested-CV AUC, its interval and p, the naive best beside it, the chosen features. */
export function methodTable(r: SelectionReport): TextTable {
  const pct = `${Math.round(r.level * 100)}%`;
  return {
    header: [
      'method',
      'candidates',
      'nested-CV AUC',
      `${pct} CI (bootstrap)`,
      'p vs chance (permutation)',
      'naive best feature, apparent AUC (optimistic)',
      'chosen in outer folds',
    ],
    rows: r.methods.map((m) => [
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
  };
}

/** One row per pair of methods: AUC difference, its interval, the permutation p and null range. */
export function comparisonTable(r: SelectionReport): TextTable {
  const pct = `${Math.round(r.level * 100)}%`;
  return {
    header: [
      'comparison',
      'AUC difference',
      `${pct} CI (bootstrap)`,
      'p (permutation, two-sided)',
      'null 95% range',
    ],
    rows: r.comparisons.map((c) => [
      `${c.a} - ${c.b}`,
      f3(c.difference),
      intervalText(c.interval),
      pv(c.pValue),
      intervalText(c.nullRange),
    ]),
  };
}

/** One line on the resampling and the permutations behind the intervals and p-values. */
export function resamplingText(r: SelectionReport): string {
  const b = r.bootstrap;
  const boot =
    'undefinedReason' in b
      ? `no bootstrap intervals: ${b.undefinedReason}`
      : `bootstrap: ${b.replicates} stratified resamples, each rerunning the nested CV, seed ${b.seed}`;
  return `${boot}; permutations: ${r.permutations.count}, each rerunning the nested CV, seed ${r.permutations.seed}`;
}

/** The report as a terminal table. */
export function formatSelectionReport(r: SelectionReport): string {
  const methods = methodTable(r);
  const comparisons = comparisonTable(r);
  const out = [
    `${r.label} = ${r.positiveClass}: ${r.positives} positive vs ${r.negatives} ${r.negativeClass}; nested CV ${schemeText(r.scheme)}`,
    `(${resamplingText(r)})`,
    '',
    ...textTable(methods.header, methods.rows),
  ];
  if (comparisons.rows.length > 0) out.push('', ...textTable(comparisons.header, comparisons.rows));
  out.push('', ...r.notes.map((n) => `note: ${n}`));
  return `${out.join('\n')}\n`;
}
