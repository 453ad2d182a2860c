/** Human-readable rendering of a `qtm auc` report: fixed-width tables, AUCs to 4 decimals. */
import type { AucReport } from './grading-auc-report';

const f4 = (v: number) => v.toFixed(4);
const pv = (p: number) => (p < 1e-4 ? p.toExponential(2) : p.toPrecision(4));

/** Left-aligned fixed-width text table: header line, then one line per row. */
export function textTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, j) => c.padEnd(widths[j]))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** The report as text lines for a terminal. */
export function formatAucReport(r: AucReport): string {
  const pct = `${Math.round(r.level * 100)}%`;
  const out = [
    `${r.label} = ${r.positiveClass}: ${r.positives} positive vs ${r.negatives} ${r.negativeClass}`,
    '',
  ];
  const hasBoot = r.scores.some((s) => s.bootstrap);
  const header = ['score', 'direction', 'AUC', `${pct} CI (DeLong)`];
  if (hasBoot) header.push(`${pct} CI (bootstrap)`);
  const notes: string[] = [];
  const rows = r.scores.map((s) => {
    const row = [s.name, s.direction, f4(s.auc)];
    if ('lower' in s.delong) row.push(`${f4(s.delong.lower)}-${f4(s.delong.upper)}`);
    else {
      row.push('undefined');
      notes.push(`${s.name}: ${s.delong.undefinedReason}`);
    }
    if (hasBoot && s.bootstrap)
      row.push('lower' in s.bootstrap ? `${f4(s.bootstrap.lower)}-${f4(s.bootstrap.upper)}` : 'undefined');
    return row;
  });
  out.push(...textTable(header, rows));
  const boot = r.scores.find((s) => s.bootstrap && 'lower' in s.bootstrap)?.bootstrap;
  if (boot && 'lower' in boot)
    out.push(`(stratified bootstrap: ${boot.replicates} replicates, seed ${boot.seed})`);
  out.push(...notes.map((n) => `note: ${n}`));
  out.push(
    '',
    `best AUC: ${r.best.name} ${f4(r.best.auc)} of ${r.best.featuresCompared} score(s)`,
    `note: ${r.best.note}`,
  );
  if (r.paired) {
    out.push('', 'Paired DeLong tests (same subjects)');
    const rowsP = r.paired.map((t) =>
      'undefinedReason' in t
        ? [`${t.score1} vs ${t.score2}`, 'undefined', '', '', t.undefinedReason]
        : [
            `${t.score1} vs ${t.score2}`,
            f4(t.difference),
            `${f4(t.differenceCi[0])} to ${f4(t.differenceCi[1])}`,
            f4(t.z),
            pv(t.pValue),
          ],
    );
    out.push(
      ...textTable(['comparison', 'AUC1-AUC2', `${pct} CI of difference`, 'Z', 'p (two-sided)'], rowsP),
    );
  }
  if (r.unpaired) {
    out.push('', "Unpaired DeLong tests (pROC's Welch-type t)");
    const rowsU = r.unpaired.map((t) =>
      'undefinedReason' in t
        ? [`${t.score1} vs ${t.score2}`, 'undefined', '', '', t.undefinedReason]
        : [`${t.score1} vs ${t.score2}`, f4(t.difference), f4(t.d), t.df.toFixed(1), pv(t.pValue)],
    );
    out.push(...textTable(['comparison', 'AUC1-AUC2', 'D', 'df', 'p (two-sided)'], rowsU));
  }
  return `${out.join('\n')}\n`;
}
