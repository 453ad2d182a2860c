/**
 * Speed of one metric row of the evaluation's subject-level bootstrap (evaluation-scores.ts) at the
 * evaluation's scale: the pooled bootstrap (perfusion/evaluation/pooled-bootstrap.ts, statistics from subject
 * multiplicities, one draw for all five intervals) against the straightforward one it replaced (five
 * clusterBootstraps, each resample concatenating the drawn subjects' voxels and sorting them), on the same
 * synthetic subjects and seed. Prints the medians of the rounds, the speed-up, and the largest difference
 * between the two sets of intervals (0 for the median and the rate; rounding for Bland-Altman).
 *
 * nice node -r ./test/unit/perfusion/qtmnet/swc-register.js bench/qtmnet/bootstrap-speed.ts
 *   [--subjects 40] [--voxels 400] [--replicates 2000] [--rounds 3]
 */
import { parseArgs } from 'node:util';
import { blandAltman } from '../../perfusion/evaluation/bland-altman';
import { failureRate } from '../../perfusion/evaluation/fit-failure';
import { pooledBootstrap } from '../../perfusion/evaluation/pooled-bootstrap';
import { pooledAgreement, pooledMedian, pooledRate } from '../../perfusion/evaluation/pooled-statistics';
import { type ClusterBootstrapInterval, clusterBootstrap } from '../../perfusion/math/cluster-bootstrap';
import { median } from '../../perfusion/math/quantile';
import { createSeededRandom } from '../../perfusion/random/seeded-random';

const { values } = parseArgs({
  options: {
    subjects: { type: 'string', default: '40' },
    voxels: { type: 'string', default: '400' },
    replicates: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
  },
});
const subjects = Number(values.subjects);
const voxels = Number(values.voxels);
const o = { replicates: Number(values.replicates), seed: 1 };

// Log-ratio errors with a per-subject offset (a subject's injection and AIF), 5% failed fits (NaN, flagged).
const rng = createSeededRandom(7);
const failed = Array.from({ length: subjects }, () =>
  Float64Array.from({ length: voxels }, () => (rng.next() < 0.05 ? 1 : 0)),
);
const errors = failed.map((f) => {
  const offset = 0.3 * (rng.next() - 0.5);
  return Float64Array.from(f, (x) => (x === 1 ? Number.NaN : offset + 0.4 * (rng.next() + rng.next() - 1)));
});

/** The five intervals of a row as the harness computed them before: one bootstrap each, pooling each resample. */
function straightforward(): ClusterBootstrapInterval[] {
  const pool = (drawn: readonly Float64Array[]) => {
    const out = new Float64Array(drawn.reduce((n, d) => n + d.length, 0));
    let at = 0;
    for (const d of drawn) {
      out.set(d, at);
      at += d.length;
    }
    return out;
  };
  const finite = (d: Float64Array) => d.filter(Number.isFinite);
  const medianAbs = (d: Float64Array) =>
    finite(d).length > 0 ? median(finite(d).map(Math.abs)) : Number.NaN;
  const ba = (key: 'bias' | 'lower' | 'upper') => (d: Float64Array) =>
    finite(d).length < 2 ? Number.NaN : blandAltman(d)[key];
  return [
    clusterBootstrap(errors, (s) => medianAbs(pool(s)), o),
    ...(['bias', 'lower', 'upper'] as const).map((k) => clusterBootstrap(errors, (s) => ba(k)(pool(s)), o)),
    clusterBootstrap(failed, (s) => failureRate(pool(s)), o),
  ];
}

function pooled(): ClusterBootstrapInterval[] {
  const error = pooledMedian(errors.map((d) => d.map(Math.abs)));
  const agreement = pooledAgreement(errors);
  const rate = pooledRate(failed);
  return pooledBootstrap(
    subjects,
    (counts) => {
      const b = agreement(counts);
      return [error(counts), b.bias, b.lower, b.upper, rate(counts)];
    },
    o,
  ).intervals;
}

function timed(f: () => ClusterBootstrapInterval[]): {
  seconds: number;
  intervals: ClusterBootstrapInterval[];
} {
  const start = process.hrtime.bigint();
  const intervals = f();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, intervals };
}

const middle = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
const slow: number[] = [];
const fast: number[] = [];
let largest = 0;
for (let round = 0; round < Number(values.rounds); round++) {
  const a = timed(straightforward);
  const b = timed(pooled);
  slow.push(a.seconds);
  fast.push(b.seconds);
  a.intervals.forEach((x, k) => {
    const y = b.intervals[k];
    if (x.nonFinite !== y.nonFinite)
      throw new Error(`statistic ${k}: nonFinite ${x.nonFinite} vs ${y.nonFinite}`);
    for (const key of ['estimate', 'low', 'high'] as const)
      largest = Math.max(largest, Math.abs(x[key] - y[key]) / Math.abs(x[key]));
  });
  console.log(
    `round ${round + 1}: straightforward ${a.seconds.toFixed(3)} s, pooled ${b.seconds.toFixed(3)} s`,
  );
}
console.log(
  `one row (median, bias, lower, upper, failed rate), ${subjects} subjects x ${voxels} voxels, ${o.replicates} replicates:`,
);
console.log(
  `straightforward ${middle(slow).toFixed(3)} s, pooled ${middle(fast).toFixed(4)} s (medians of ${slow.length}); speed-up ${(middle(slow) / middle(fast)).toFixed(0)}x`,
);
console.log(`largest relative difference of estimate/low/high: ${largest.toExponential(2)}`);
