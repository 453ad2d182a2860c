/**
 * How separable the simulated grades are (issue 4: "overlapping class distributions, so grading is not
 * trivial"): N LGG + N HGG subjects on a reduced grid (32 x 32 x 8 voxels, 400 terminals per tree, otherwise
 * the default config), tumour-ROI (enhancing label) mean and median of every truth map per subject, and the
 * AUC of each as a grade score with its DeLong 95% interval (perfusion/grading), for both truth definitions
 * (kinetic, truth/; supply, truth_supply/ and prefixed `supply_`; truth-maps.ts). Prints a Markdown table,
 * best AUC first. The truth maps carry no acquisition noise, so these AUCs bound what any method can reach
 * from the ROI statistic alone. Last lines give, per definition, the combination of the ROI means of Ktrans, Fp, vp and ve:
 * L2 logistic regression, stratified 5-fold cross-validation repeated 20 times (pooled out-of-fold AUC, mean
 * and 2.5-97.5% range over repeats). About 2 s per subject on one core.
 * Run: npm run build && node dist/bench/simulate/grading-auc.js [--subjects 15] [--seed 100]
 */
import { crossValidate } from '../../perfusion/grading/cross-validate';
import { analyseRoc } from '../../perfusion/grading/roc-analysis';
import { DEFAULT_SIMULATION_CONFIG, type SimulationConfig } from '../../perfusion/simulate/simulation-config';
import { simulateSubject } from '../../perfusion/simulate/subject-simulation';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SUBJECTS = arg('--subjects', 15);
const SEED = arg('--seed', 100);

const config: SimulationConfig = {
  ...DEFAULT_SIMULATION_CONFIG,
  imaging: { matrix: [32, 32, 8], voxelMm: [1, 1, 2] },
  vessels: { ...DEFAULT_SIMULATION_CONFIG.vessels, terminals: 400 },
};

/** OSIPI units of each truth map. */
const SCALE: Record<string, number> = { speedMmS: 1, fpPerS: 6000, psPerS: 60, vp: 1, ve: 1, ktransPerS: 60 };

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
};

const features: Record<string, number[]> = {};
const isHgg: boolean[] = [];
for (let k = 0; k < 2 * SUBJECTS; k++) {
  const grade = k < SUBJECTS ? 'lgg' : 'hgg';
  const s = simulateSubject(config, grade, SEED + k);
  const roi = [...s.maskTumour.keys()].filter((v) => s.maskTumour[v] === 1);
  isHgg.push(grade === 'hgg');
  for (const [prefix, truth] of [
    ['', s.truth],
    ['supply_', s.truthSupply],
  ] as const) {
    for (const [name, map] of Object.entries(truth)) {
      const values = roi.map((v) => map[v] * SCALE[name]);
      for (const [stat, value] of [
        ['mean', mean(values)],
        ['median', median(values)],
      ] as const) {
        const key = `${prefix}${name}_${stat}`;
        features[key] = [...(features[key] ?? []), value];
      }
    }
  }
  process.stderr.write(`${grade} seed ${SEED + k}: ${roi.length} ROI voxels\n`);
}
const rows = Object.entries(features).map(([name, scores]) => {
  const r = analyseRoc(scores, isHgg, {}, name);
  const ci = 'lower' in r.delong ? `${r.delong.lower.toFixed(3)}-${r.delong.upper.toFixed(3)}` : '-';
  const lgg = median(scores.filter((_, i) => !isHgg[i]));
  const hgg = median(scores.filter((_, i) => isHgg[i]));
  return {
    name,
    auc: r.auc,
    line: `| ${name} | ${r.auc.toFixed(3)} | ${ci} | ${r.direction} | ${lgg.toPrecision(3)} | ${hgg.toPrecision(3)} |`,
  };
});
rows.sort((a, b) => b.auc - a.auc);
const combination = (prefix: string) => {
  const combined = crossValidate(
    ['ktransPerS_mean', 'fpPerS_mean', 'vp_mean', 've_mean'].map((k) =>
      Float64Array.from(features[prefix + k]),
    ),
    isHgg,
    { classifier: { kind: 'logistic' }, scheme: { kind: 'kfold', folds: 5, repeats: 20, seed: 1 } },
  );
  const [lo, hi] = combined.pooledAucRange;
  return `${prefix === '' ? 'kinetic' : 'supply'} truth, Ktrans + Fp + vp + ve ROI means, logistic regression, 5-fold CV x 20: pooled AUC ${combined.pooledAucMean.toFixed(3)} (${lo.toFixed(3)}-${hi.toFixed(3)} over repeats)`;
};
process.stdout.write(
  [
    `Truth tumour-ROI features, ${SUBJECTS} LGG + ${SUBJECTS} HGG (seeds ${SEED}-${SEED + 2 * SUBJECTS - 1}, 32x32x8 voxels, 400 terminals)`,
    '',
    '| feature | AUC | DeLong 95% CI | HGG has | LGG median | HGG median |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => r.line),
    '',
    combination(''),
    combination('supply_'),
    '',
  ].join('\n'),
);
