/**
 * The decision table of the QTMnet learning curve (experiments/learning-curve.yaml, issue 9 item 4): reads the
 * scores of its models (evaluate-protocol.ts's reference.json, arms named `<pool>-<subjects>`), and prints per
 * training-set size N each pool's tumour median absolute relative errors of Ktrans, vp and Fp with their
 * subject-level bootstrap CIs, the pool's score (their geometric mean), S(N) (the mean of the pools' scores)
 * and the size the pre-registered rule picks: the smallest N with S(N) <= 1.05 x the smallest S.
 * Run: node dist/bench/qtmnet/learning-curve-table.js .data/learning-curve/scores/reference.json
 */
import { readFileSync } from 'node:fs';
import { CodedError } from '../../perfusion/errors';
import type { ClusterBootstrapInterval } from '../../perfusion/math/cluster-bootstrap';
import type { MetricRow } from './evaluation-scores';
import { withInterval } from './evaluation-tables';

const SCORED = ['ktrans', 'vp', 'fp'] as const;
const TOLERANCE = 1.05;

const file = process.argv[2];
if (!file)
  throw new CodedError('MISSING_OPTION', 'give the scores: learning-curve-table.js SCORES/reference.json');
const { rows } = JSON.parse(readFileSync(file, 'utf8')) as { rows: MetricRow[] };

const error = (method: string, parameter: string): ClusterBootstrapInterval => {
  const row = rows.find((r) => r.roi === 'tumour' && r.method === method && r.parameter === parameter);
  if (!row) throw new CodedError('MISSING_SCORE', `${file} has no tumour ${parameter} row for ${method}`);
  return row.medianAbsRelativeError;
};
const score = (method: string) =>
  Math.exp(SCORED.reduce((s, p) => s + Math.log(error(method, p).estimate), 0) / SCORED.length);

const arms = [...new Set(rows.map((r) => r.method))];
const pools = [...new Set(arms.map((a) => a.split('-')[0]))].sort();
const sizes = [...new Set(arms.map((a) => Number(a.split('-')[1])))].sort((x, y) => x - y);
const curve = sizes.map((n) => ({
  n,
  pools: pools.map((pool) => ({ pool, score: score(`${pool}-${n}`) })),
}));
const s = curve.map((c) => c.pools.reduce((t, p) => t + p.score, 0) / c.pools.length);
const best = Math.min(...s);
const chosen = curve[s.findIndex((v) => v <= TOLERANCE * best)].n;

const lines = [
  `| N | pool | tumour Ktrans MdARE | tumour vp MdARE | tumour Fp MdARE | score | S(N) | S(N) / min S |`,
  '|---|---|---|---|---|---|---|---|',
  ...curve.flatMap((c, i) =>
    c.pools.map(
      ({ pool, score: v }, j) =>
        `| ${c.n} | ${pool} | ${SCORED.map((p) => withInterval(error(`${pool}-${c.n}`, p))).join(' | ')} | ${v.toFixed(3)} | ${j === 0 ? s[i].toFixed(3) : ''} | ${j === 0 ? (s[i] / best).toFixed(3) : ''} |`,
    ),
  ),
  '',
  `Rule: the smallest N with S(N) <= ${TOLERANCE} x min S -> **N = ${chosen}** training subjects.`,
];
process.stdout.write(`${lines.join('\n')}\n`);
