/**
 * Issue 5, item 6: QTMnet (AIF-free) vs the 2CXM fitted with each subject's global measured AIF (delay
 * fitted), on held-out simulated subjects fixed in experiments/qtmnet-evaluation.yaml; per-parameter median
 * absolute relative error in tumour ROI and normal brain on the same voxels, and Pearson r of QTMnet's |u|.
 * Run: node -r ./test/unit/perfusion/qtmnet/swc-register.js bench/qtmnet/evaluate-vs-2cxm.ts \
 *        --model .data/models/qtmnet-small [--per-grade 3] [--out .data/eval] [--aif measured|root]
 * (or the built JS under dist/). --aif root fits the 2CXM with the true arterial-root AIF instead of the
 * measured one, to separate AIF measurement error from model mismatch.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readModelFolder } from '../../formats/model-folder';
import { resolveSimulationConfig } from '../../formats/simulation-config';
import { curvesAt, fitVoxelBatch } from '../../perfusion/fit/volume-fit';
import { selectBackend } from '../../perfusion/qtmnet/backend';
import { medianAbsoluteRelativeError, pearsonCorrelation } from '../../perfusion/qtmnet/evaluation-metrics';
import { ktransFromFlowAndPermeability } from '../../perfusion/qtmnet/parameter-scales';
import { seededPermutation } from '../../perfusion/qtmnet/patch-source';
import { matchProtocol } from '../../perfusion/qtmnet/protocol-match';
import { loadNetwork } from '../../perfusion/qtmnet/trained-model';
import { inferVolume } from '../../perfusion/qtmnet/volume-inference';
import { simulateSubject } from '../../perfusion/simulate/subject-simulation';
import { renderVegaLite } from '../../reports/plot-render';
import { type ScatterPoint, scatterSpec, trainingCurveSpec } from './evaluation-plots';
import { exampleSlice, type MapPixel, slicePlotSpec } from './example-slice';

const PARAMS = ['fp', 'ps', 'ktrans', 'vp', 've'] as const;
type Param = (typeof PARAMS)[number];
type Roi = 'tumour' | 'normal';
interface Columns {
  truth: Record<Param | 'u', number[]>;
  qtmnet: Record<Param | 'u', number[]>;
  cxm: Record<Param, number[]>;
}
const empty = (): Record<string, number[]> => Object.fromEntries([...PARAMS, 'u'].map((k) => [k, []]));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

async function main(): Promise<void> {
  const root = path.join(__dirname, '../..');
  const evalConfig = parseYaml(
    readFileSync(arg('config', path.join(root, 'experiments/qtmnet-evaluation.yaml')), 'utf8'),
  );
  const perGrade = Number(arg('per-grade', '3'));
  const outDir = arg('out', path.join(root, '.data/qtmnet-evaluation'));
  const simConfig = resolveSimulationConfig(evalConfig.simulator, 'qtmnet-evaluation.yaml simulator');
  const backend = await selectBackend('wasm');
  const model = await readModelFolder(arg('model', ''));
  const network = loadNetwork(model.metadata, model.weights);
  const data: Record<Roi, Columns> = {
    tumour: { truth: empty(), qtmnet: empty(), cxm: empty() } as Columns,
    normal: { truth: empty(), qtmnet: empty(), cxm: empty() } as Columns,
  };
  const started = Date.now();
  let slice: MapPixel[] = [];
  let sliceTitle = '';
  for (const grade of ['lgg', 'hgg'] as const) {
    for (const seed of (evalConfig.subjects[grade] as number[]).slice(0, perGrade)) {
      const s = simulateSubject(simConfig, grade, seed);
      const nvox = s.dims[0] * s.dims[1] * s.dims[2];
      const nt = s.frameTimesS.length;
      const conc = matchProtocol(model.metadata.protocol, s.frameTimesS, s.concentration, nvox, false);
      const pick = (keep: (v: number) => boolean, salt: number) => {
        const all = [...Array(nvox).keys()].filter(keep);
        return seededPermutation(all.length, evalConfig.sampleSeed + seed + salt)
          .slice(0, evalConfig.voxelsPerRoi)
          .map((i) => all[i]);
      };
      const rois: Record<Roi, number[]> = {
        tumour: pick((v) => s.maskTumour[v] === 1, 0),
        normal: pick((v) => s.maskBrain[v] !== 0 && s.maskTumour[v] === 0, 1),
      };
      if (slice.length === 0 && grade === 'hgg') {
        slice = exampleSlice(network, s, conc, evalConfig.comparison.fitDelay);
        sliceTitle = `Example maps: middle slice of HGG subject seed ${seed}`;
      }
      const mask = new Uint8Array(nvox);
      for (const v of [...rois.tumour, ...rois.normal]) mask[v] = 1;
      const { maps } = inferVolume(
        network,
        { dims: s.dims, frames: nt, concentration: conc, mask },
        { batchSize: 1024, mcSamples: 0, seed: 1 },
      );
      for (const roi of ['tumour', 'normal'] as const) {
        const voxels = rois[roi];
        const curves = curvesAt(s.concentration, nvox, nt, voxels);
        const fit = fitVoxelBatch({
          model: '2cxm',
          curves,
          t: s.frameTimesS,
          ta: s.frameTimesS,
          ca: arg('aif', 'measured') === 'root' ? s.aifRoot : s.aifMeasured,
          fitDelay: evalConfig.comparison.fitDelay,
        });
        const d = data[roi];
        voxels.forEach((v, k) => {
          const [fp, ps, vp, ve] = fit.params.subarray(4 * k, 4 * k + 4);
          const truth = {
            fp: s.truth.fpPerS[v],
            ps: s.truth.psPerS[v],
            ktrans: s.truth.ktransPerS[v],
            vp: s.truth.vp[v],
            ve: s.truth.ve[v],
            u: s.truth.speedMmS[v] / 1000,
          };
          const cxm = { fp, ps, ktrans: ktransFromFlowAndPermeability(fp, ps), vp, ve };
          for (const p of PARAMS) {
            d.truth[p].push(truth[p]);
            d.qtmnet[p].push(maps[p][v]);
            d.cxm[p].push(cxm[p]);
          }
          d.truth.u.push(truth.u);
          d.qtmnet.u.push(maps.u[v]);
        });
      }
      process.stderr.write(
        `${grade} seed ${seed}: ${rois.tumour.length} tumour, ${rois.normal.length} normal voxels (${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
      );
    }
  }
  // Columns: median absolute relative error of QTMnet, of the 2CXM fit, and of an oracle constant (the
  // median of the true values, a floor any useful estimator must beat); Pearson r of log estimate vs log truth.
  const rows: string[] = [
    '| ROI | parameter | QTMnet MdARE | 2CXM MdARE | constant MdARE | QTMnet r(log) | 2CXM r(log) | voxels (QTMnet/2CXM) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const summary: Record<string, unknown> = {
    backend,
    model: model.metadata.weightsSha256,
    perGrade,
    seconds: (Date.now() - started) / 1000,
  };
  const logR = (est: number[], truth: number[]) => {
    const ok = [...truth.keys()].filter((k) => est[k] > 0 && truth[k] > 0);
    return pearsonCorrelation(est.map(Math.log), truth.map(Math.log), ok);
  };
  for (const roi of ['tumour', 'normal'] as const) {
    const d = data[roi];
    const all = [...d.truth.fp.keys()];
    for (const p of [...PARAMS, 'u'] as const) {
      const truth = d.truth[p];
      const q = medianAbsoluteRelativeError(d.qtmnet[p], truth, all);
      const c = p === 'u' ? undefined : medianAbsoluteRelativeError(d.cxm[p], truth, all);
      const sorted = [...truth].sort((a, b) => a - b);
      const constant = medianAbsoluteRelativeError(
        new Array(truth.length).fill(sorted[Math.floor(sorted.length / 2)]),
        truth,
        all,
      );
      const rq = logR(d.qtmnet[p], truth);
      const rc = p === 'u' ? undefined : logR(d.cxm[p], truth);
      const f = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(3));
      rows.push(
        `| ${roi} | ${p === 'u' ? '\\|u\\|' : p} | ${f(q.median)} | ${f(c?.median)} | ${f(constant.median)} | ${f(rq)} | ${f(rc)} | ${q.count}/${c?.count ?? '-'} |`,
      );
      summary[`${roi}.${p}`] = { qtmnet: q, cxm: c, constant, qtmnetLogR: rq, cxmLogR: rc };
    }
    summary[`${roi}.u_pearson_r`] = pearsonCorrelation(d.qtmnet.u, d.truth.u, all);
    rows.push(
      `| ${roi} | \\|u\\| Pearson r (linear) | ${(summary[`${roi}.u_pearson_r`] as number).toFixed(3)} | | | | | |`,
    );
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'errors.md'), `${rows.join('\n')}\n`);
  writeFileSync(path.join(outDir, 'errors.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const points: ScatterPoint[] = [];
  for (const roi of ['tumour', 'normal'] as const) {
    const d = data[roi];
    d.truth.fp.forEach((_, k) => {
      if (k % 3 !== 0) return; // a third of the voxels keeps the PNG readable
      for (const p of PARAMS) {
        points.push({ roi, parameter: p, method: 'QTMnet', truth: d.truth[p][k], estimate: d.qtmnet[p][k] });
        points.push({ roi, parameter: p, method: '2CXM', truth: d.truth[p][k], estimate: d.cxm[p][k] });
      }
      points.push({ roi, parameter: 'u', method: 'QTMnet', truth: d.truth.u[k], estimate: d.qtmnet.u[k] });
    });
  }
  writeFileSync(
    path.join(outDir, 'scatter.png'),
    (await renderVegaLite(scatterSpec(points, 'Held-out simulated subjects: estimate vs truth'))).png,
  );
  writeFileSync(
    path.join(outDir, 'example-maps.png'),
    (await renderVegaLite(slicePlotSpec(slice, sliceTitle))).png,
  );
  writeFileSync(
    path.join(outDir, 'training-curve.png'),
    (await renderVegaLite(trainingCurveSpec(model.metadata.training.history))).png,
  );
  process.stdout.write(`${rows.join('\n')}\n`);
}

void main();
