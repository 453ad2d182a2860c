/**
 * How honest the selection-aware grading statistics are, by simulation (perfusion/grading nested-cv,
 * nested-cv-bootstrap, permutation-test), and how long the grading statistics of a 15 + 15 experiment take.
 *
 * 1. Pure noise: 55 features, labels random (15 + 15). Mean nested-CV AUC and how often its bootstrap
 *    interval covers 0.5, against the naive best of 55 apparent AUCs (what the preprint reports) and the
 *    DeLong interval of the nested-CV scores (which ignores the selection's variability).
 * 2. One informative feature (positives shifted by d SD) among 25: coverage of the expected nested-CV AUC
 *    (from --truth extra datasets) by the bootstrap interval.
 * 3. Label-permutation p-values under pure noise: share <= 0.05 and <= 0.5 (uniform: 0.05 and 0.5).
 * 4. Wall time of the statistics of experiments/paper.yaml's grading (25 + 30 candidates, 5-fold x 20
 *    repeats, 2,000 bootstrap resamples, 1,000 permutations), median of --runs runs, one thread.
 * The reference statistics (naive best, DeLong) are the peers: no other package implements this procedure.
 * Run: npm run build && node dist/bench/grading/selection-coverage.js [--datasets 200] [--replicates 200]
 *      [--truth 400] [--runs 3]
 */
import {
  type CandidateFeatures,
  nestedCrossValidate,
  prepareCandidates,
} from '../../perfusion/grading/nested-cv';
import { nestedCvBootstrap } from '../../perfusion/grading/nested-cv-bootstrap';
import { nestedCvPermutationTest } from '../../perfusion/grading/permutation-test';
import { analyseRoc } from '../../perfusion/grading/roc-analysis';
import { createSeededRandom } from '../../perfusion/random/seeded-random';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const DATASETS = arg('--datasets', 200);
const REPLICATES = arg('--replicates', 200);
const TRUTH = arg('--truth', 400);
const RUNS = arg('--runs', 3);

const rng = createSeededRandom(2026);
const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
const labels = Array.from({ length: 30 }, (_, i) => i < 15);
const shuffledLabels = () => {
  const l = labels.slice();
  for (let i = l.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [l[i], l[j]] = [l[j], l[i]];
  }
  return l;
};
/** `count` columns; column 0 shifted by `effect` SD in the positives of `isPositive`. */
const features = (count: number, isPositive: boolean[], effect = 0) =>
  Array.from({ length: count }, (_, j) =>
    Float64Array.from(isPositive, (p) => gauss() + (j === 0 && p ? effect : 0)),
  );
const kfold = (seed: number, repeats = 1) => ({ kind: 'kfold' as const, folds: 5, repeats, seed });
const covers = ([lo, hi]: [number, number], v: number) => lo <= v && v <= hi;
const pct = (k: number, n: number) => `${((100 * k) / n).toFixed(1)}%`;

console.log(`## 1. Pure noise: 55 features, random labels, 15 + 15 subjects, ${DATASETS} datasets\n`);
let nestedSum = 0;
let naiveSum = 0;
let bootCovers = 0;
let delongCovers = 0;
let naiveCovers = 0;
for (let d = 0; d < DATASETS; d++) {
  const l = shuffledLabels();
  const columns = features(55, l);
  const c = prepareCandidates(columns);
  const cv = nestedCrossValidate(c, l, { scheme: kfold(d) });
  const boot = nestedCvBootstrap([c], l, { scheme: kfold(d), replicates: REPLICATES, seed: d });
  nestedSum += cv.auc;
  if (covers(boot.methods[0].interval, 0.5)) bootCovers++;
  const dl = analyseRoc(cv.meanScore, l, { direction: 'higher' }).delong;
  if ('lower' in dl && covers([dl.lower, dl.upper], 0.5)) delongCovers++;
  const best = columns.map((col) => analyseRoc(col, l)).reduce((a, b) => (b.auc > a.auc ? b : a));
  naiveSum += best.auc;
  if ('lower' in best.delong && covers([best.delong.lower, best.delong.upper], 0.5)) naiveCovers++;
}
console.log('| estimate | mean AUC (truth 0.5) | 95% interval covers 0.5 |');
console.log('|---|---|---|');
console.log(
  `| naive best of 55, DeLong CI | ${(naiveSum / DATASETS).toFixed(3)} | ${pct(naiveCovers, DATASETS)} |`,
);
console.log(
  `| nested CV, DeLong CI of its scores | ${(nestedSum / DATASETS).toFixed(3)} | ${pct(delongCovers, DATASETS)} |`,
);
console.log(
  `| nested CV, bootstrap CI (${REPLICATES} resamples) | ${(nestedSum / DATASETS).toFixed(3)} | ${pct(bootCovers, DATASETS)} |`,
);

console.log(
  `\n## 2. One feature shifted by d SD among 25 (15 + 15): bootstrap CI coverage of the expected nested-CV AUC\n`,
);
console.log('| d | expected nested-CV AUC | mean estimate | coverage |');
console.log('|---|---|---|---|');
for (const effect of [1, 1.5, 2]) {
  let truth = 0;
  for (let d = 0; d < TRUTH; d++)
    truth += nestedCrossValidate(prepareCandidates(features(25, labels, effect)), labels, {
      scheme: kfold(d),
    }).auc;
  truth /= TRUTH;
  let hit = 0;
  let mean = 0;
  for (let d = 0; d < DATASETS; d++) {
    const boot = nestedCvBootstrap([prepareCandidates(features(25, labels, effect))], labels, {
      scheme: kfold(d),
      replicates: REPLICATES,
      seed: d,
    });
    mean += boot.methods[0].estimate / DATASETS;
    if (covers(boot.methods[0].interval, truth)) hit++;
  }
  console.log(`| ${effect} | ${truth.toFixed(3)} | ${mean.toFixed(3)} | ${pct(hit, DATASETS)} |`);
}

console.log(
  `\n## 3. Label-permutation p under pure noise (two methods of 8 features, 99 permutations, ${DATASETS} datasets)\n`,
);
const ps = { chance: [] as number[], pair: [] as number[] };
for (let d = 0; d < DATASETS; d++) {
  const r = nestedCvPermutationTest(
    [prepareCandidates(features(8, labels)), prepareCandidates(features(8, labels))],
    labels,
    {
      scheme: kfold(d),
      permutations: 99,
      seed: d,
    },
  );
  ps.chance.push(r.chance[0].pValue);
  ps.pair.push(r.pairs[0].pValue);
}
console.log('| test | share p <= 0.05 | share p <= 0.5 |');
console.log('|---|---|---|');
for (const [name, p] of Object.entries(ps))
  console.log(
    `| ${name} | ${pct(p.filter((v) => v <= 0.05).length, p.length)} | ${pct(p.filter((v) => v <= 0.5).length, p.length)} |`,
  );

console.log('\n## 4. Wall time, paper.yaml grading statistics (one thread)\n');
const methods: CandidateFeatures[] = [
  prepareCandidates(features(25, labels, 1)),
  prepareCandidates(features(30, labels, 1)),
];
const scheme = kfold(1, 20);
const times = { bootstrap: [] as number[], permutations: [] as number[] };
for (let r = 0; r < RUNS; r++) {
  let t = performance.now();
  nestedCvBootstrap(methods, labels, { scheme, replicates: 2000, seed: r });
  times.bootstrap.push((performance.now() - t) / 1000);
  t = performance.now();
  nestedCvPermutationTest(methods, labels, { scheme, permutations: 1000, seed: r });
  times.permutations.push((performance.now() - t) / 1000);
}
const median = (v: number[]) => v.slice().sort((a, b) => a - b)[v.length >> 1];
console.log(
  `bootstrap, 2,000 resamples x 2 methods: ${median(times.bootstrap).toFixed(2)} s (median of ${RUNS})`,
);
console.log(
  `permutations, 1,000 x 2 methods: ${median(times.permutations).toFixed(2)} s (median of ${RUNS})`,
);
const oneNestedCv = median(times.permutations) / (2 * 1001);
console.log(
  `one nested CV (100 outer folds, ~28 candidates, 30 subjects): ${(1000 * oneNestedCv).toFixed(2)} ms`,
);
