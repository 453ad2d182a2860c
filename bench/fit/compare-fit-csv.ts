/**
 * Compares two `qtm fit` output CSVs: same header, labels and flags, and every number equal within a relative
 * tolerance (default 1e-9; |a - b| <= rtol * max(|a|, |b|), NaN matching NaN). Prints the largest relative
 * difference per column; exits 1 when they differ.
 * Run: node dist/bench/fit/compare-fit-csv.js <a.csv> <b.csv> [--rtol 1e-9]
 */
import { readFileSync } from 'node:fs';
import { parseCsv } from '../../formats/csv';

function compare(a: string, b: string, rtol: number): string[] {
  const [ta, tb] = [a, b].map((p) => parseCsv(readFileSync(p, 'utf8'), p));
  if (ta.header.join(',') !== tb.header.join(',')) return [`headers differ: ${ta.header} vs ${tb.header}`];
  if (ta.rows.length !== tb.rows.length) return [`${ta.rows.length} rows vs ${tb.rows.length}`];
  const problems: string[] = [];
  const worst = ta.header.map(() => 0);
  ta.rows.forEach((ra, r) => {
    const rb = tb.rows[r];
    ta.header.forEach((name, c) => {
      if (name === 'label' || name === 'flags') {
        if (ra[c] !== rb[c]) problems.push(`row ${r + 2}, ${name}: "${ra[c]}" vs "${rb[c]}"`);
        return;
      }
      const [x, y] = [Number(ra[c]), Number(rb[c])];
      if (Number.isNaN(x) && Number.isNaN(y)) return;
      const rel = x === y ? 0 : Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
      worst[c] = Math.max(worst[c], Number.isNaN(rel) ? Number.POSITIVE_INFINITY : rel);
      if (!(rel <= rtol)) problems.push(`row ${r + 2}, ${name}: ${ra[c]} vs ${rb[c]}`);
    });
  });
  const numeric = ta.header
    .map((name, c) => [name, worst[c]] as const)
    .filter(([n]) => n !== 'label' && n !== 'flags');
  console.log(
    `${ta.rows.length} rows; largest relative difference: ${numeric.map(([n, w]) => `${n} ${w.toExponential(1)}`).join(', ')}`,
  );
  return problems;
}

const [a, b] = process.argv.slice(2, 4);
const i = process.argv.indexOf('--rtol');
const rtol = i >= 0 ? Number(process.argv[i + 1]) : 1e-9;
if (!a || !b) {
  console.error('usage: node dist/bench/fit/compare-fit-csv.js <a.csv> <b.csv> [--rtol 1e-9]');
  process.exit(2);
}
const problems = compare(a, b, rtol);
for (const p of problems.slice(0, 20)) console.log(`  ${p}`);
console.log(problems.length === 0 ? `equal within ${rtol} relative` : `${problems.length} differences`);
process.exitCode = problems.length === 0 ? 0 : 1;
