/**
 * Realism of the simulator (issue 4): for N LGG and N HGG default subjects, tumour-ROI (enhancing label)
 * statistics of the ground truth in both definitions (kinetic, truth/; supply, truth_supply/; truth-maps.ts)
 * and of a 2CXM fit with the *measured* global AIF (delay fitted), beside literature ranges (docs/simulator.md).
 * Prints a Markdown table (medians over subjects of ROI medians, with the subject range). Slow: about 40 s per
 * default subject on one core; --matrix 32 uses the 32 x 32 x 8 grid with 400 terminals (a few s a subject).
 * Run: npm run build && node dist/bench/simulate/realism-table.js [--subjects 10] [--seed 1000] [--matrix 32]
 */
import { curvesAt, fitVoxelBatch } from '../../perfusion/fit/volume-fit';
import { DEFAULT_SIMULATION_CONFIG, type SimulationConfig } from '../../perfusion/simulate/simulation-config';
import {
  type Grade,
  type SimulatedSubject,
  simulateSubject,
} from '../../perfusion/simulate/subject-simulation';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SUBJECTS = arg('--subjects', 10);
const SEED = arg('--seed', 1000);
const SMALL = arg('--matrix', 64) === 32;
const config: SimulationConfig = SMALL
  ? {
      ...DEFAULT_SIMULATION_CONFIG,
      imaging: { matrix: [32, 32, 8], voxelMm: [1, 1, 2] },
      vessels: { ...DEFAULT_SIMULATION_CONFIG.vessels, terminals: 400 },
    }
  : DEFAULT_SIMULATION_CONFIG;

type Row = Record<string, number>;

const median = (v: number[]) => {
  const s = v.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : Number.NaN;
};

/** ROI (enhancing) medians of both truths and of a 2CXM fit with the measured AIF, OSIPI units. */
function roiStatistics(s: SimulatedSubject): Row {
  const nImg = s.dims[0] * s.dims[1] * s.dims[2];
  const nt = s.frameTimesS.length;
  const roi = [...s.maskTumour.keys()].filter((v) => s.maskTumour[v] === 1);
  const curves = curvesAt(s.concentration, nImg, nt, roi);
  const fit = fitVoxelBatch({
    model: '2cxm',
    curves,
    t: s.frameTimesS,
    ta: s.frameTimesS,
    ca: s.aifMeasured,
    fitDelay: true,
  });
  const p = (k: number, j: number) => fit.params[k * 4 + j];
  const fitted = roi.map((_, k) => ({
    fp: p(k, 0) * 6000,
    ps: p(k, 1) * 60,
    vp: p(k, 2),
    ve: p(k, 3),
    ktrans: ((p(k, 0) * p(k, 1)) / (p(k, 0) + p(k, 1))) * 60,
  }));
  const t = s.truth;
  const sup = s.truthSupply;
  /** ROI median of the voxel-wise |fit / truth - 1| of one parameter (OSIPI units, truth scale `k`). */
  const error = (truth: Float32Array, k: number, key: 'ktrans' | 'vp' | 've' | 'fp') =>
    median(roi.map((v, j) => Math.abs(fitted[j][key] / (truth[v] * k) - 1)));
  return {
    errKtrans: error(t.ktransPerS, 60, 'ktrans'),
    errVp: error(t.vp, 1, 'vp'),
    errVe: error(t.ve, 1, 've'),
    errFp: error(t.fpPerS, 6000, 'fp'),
    supErrKtrans: error(sup.ktransPerS, 60, 'ktrans'),
    supErrVp: error(sup.vp, 1, 'vp'),
    supErrVe: error(sup.ve, 1, 've'),
    supErrFp: error(sup.fpPerS, 6000, 'fp'),
    ktrans: median(roi.map((v) => t.ktransPerS[v] * 60)),
    vp: median(roi.map((v) => t.vp[v])),
    ve: median(roi.map((v) => t.ve[v])),
    fp: median(roi.map((v) => t.fpPerS[v] * 6000)),
    supKtrans: median(roi.map((v) => sup.ktransPerS[v] * 60)),
    supVp: median(roi.map((v) => sup.vp[v])),
    supVe: median(roi.map((v) => sup.ve[v])),
    supFp: median(roi.map((v) => sup.fpPerS[v] * 6000)),
    u: median(roi.map((v) => t.speedMmS[v])),
    fitKtrans: median(fitted.map((f) => f.ktrans)),
    fitVp: median(fitted.map((f) => f.vp)),
    fitVe: median(fitted.map((f) => f.ve)),
    fitFp: median(fitted.map((f) => f.fp)),
    voxels: roi.length,
  };
}

const LITERATURE: Record<Grade, Record<string, string>> = {
  lgg: { ktrans: '0.005-0.03', vp: '0.01-0.03', ve: '0.05-0.25', fp: '20-60' },
  hgg: { ktrans: '0.05-0.25', vp: '0.03-0.10', ve: '0.15-0.45', fp: '40-150' },
};

const rows: Record<Grade, Row[]> = { lgg: [], hgg: [] };
for (const grade of ['lgg', 'hgg'] as const) {
  for (let k = 0; k < SUBJECTS; k++) {
    const t0 = Date.now();
    const s = simulateSubject(config, grade, SEED + (grade === 'hgg' ? SUBJECTS : 0) + k);
    rows[grade].push(roiStatistics(s));
    process.stderr.write(
      `${grade} ${k + 1}/${SUBJECTS} ${((Date.now() - t0) / 1000).toFixed(1)} s ${JSON.stringify(rows[grade][k])}\n`,
    );
  }
}
const cell = (grade: Grade, key: string, digits: number) => {
  const v = rows[grade].map((r) => r[key]);
  const fmt = (x: number) => x.toFixed(digits);
  return `${fmt(median(v))} (${fmt(Math.min(...v))}-${fmt(Math.max(...v))})`;
};
const out = [
  `Tumour ROI (enhancing label), ${SUBJECTS} LGG + ${SUBJECTS} HGG subjects (seeds ${SEED}-${SEED + 2 * SUBJECTS - 1}, ${config.imaging.matrix.join('x')} voxels, ${config.vessels.terminals} terminals): median over subjects of ROI medians (subject range)`,
  '',
  '| parameter | class | truth (kinetic) | truth (supply) | 2CXM fit, measured AIF | literature |',
  '|---|---|---|---|---|---|',
];
for (const [key, supKey, fitKey, name, digits] of [
  ['ktrans', 'supKtrans', 'fitKtrans', 'Ktrans (/min)', 3],
  ['vp', 'supVp', 'fitVp', 'vp', 3],
  ['ve', 'supVe', 'fitVe', 've', 3],
  ['fp', 'supFp', 'fitFp', 'Fp (mL/100 mL/min)', 0],
] as const) {
  for (const grade of ['lgg', 'hgg'] as const)
    out.push(
      `| ${name} | ${grade.toUpperCase()} | ${cell(grade, key, digits)} | ${cell(grade, supKey, digits)} | ${cell(grade, fitKey, digits)} | ${LITERATURE[grade][key]} |`,
    );
}
for (const grade of ['lgg', 'hgg'] as const)
  out.push(
    `| \\|u\\| (mm/s) | ${grade.toUpperCase()} | ${cell(grade, 'u', 2)} | same | - | none published |`,
  );
out.push(
  '',
  'The same 2CXM fit scored against each truth: median over subjects of the ROI median of |fit / truth - 1| (subject range)',
  '',
  '| parameter | class | vs truth (kinetic) | vs truth (supply) |',
  '|---|---|---|---|',
);
for (const [key, name] of [
  ['Ktrans', 'Ktrans'],
  ['Vp', 'vp'],
  ['Ve', 've'],
  ['Fp', 'Fp'],
] as const)
  for (const grade of ['lgg', 'hgg'] as const)
    out.push(
      `| ${name} | ${grade.toUpperCase()} | ${cell(grade, `err${key}`, 2)} | ${cell(grade, `supErr${key}`, 2)} |`,
    );
process.stdout.write(`${out.join('\n')}\n`);
