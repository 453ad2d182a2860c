/**
 * Sanity experiment (not the evaluation, which needs the transport simulator): can the patch network
 * learn 2CXM parameters from tissue curves alone, when every voxel sees its own delayed and dispersed AIF and
 * every subject its own bolus (onset and dose)? Compared on held-out subjects with the 2CXM fitted with the
 * subject's global (undispersed) AIF and a fitted delay, i.e. the AIF a radiologist would draw.
 * Data: perfusion/aif Parker plasma AIF, perfusion/models 2CXM; exponential dispersion of the arterial bolus
 * (vascular transport function exp(-t/tau)/tau, Calamante et al., MRM 2000;44:466); Gaussian noise. One voxel
 * per patch (side 1); |u| is not simulated here (label fixed at its floor, not reported).
 * Run: node -r ./test/unit/perfusion/qtmnet/swc-register.js bench/qtmnet/kinetic-sanity.ts [--train-subjects 40]
 */
import { parkerPlasmaAif } from '../../perfusion/aif/parker-aif';
import { delayCurve } from '../../perfusion/aif/resample';
import { fitCurveBatch } from '../../perfusion/fit/curve-batch';
import { modelCurve } from '../../perfusion/models/model-curve';
import { selectBackend } from '../../perfusion/qtmnet/backend';
import { ktransFromFlowAndPermeability, PARAMETER_SCALES } from '../../perfusion/qtmnet/parameter-scales';
import type { PatchSample } from '../../perfusion/qtmnet/patch-layout';
import type { PatchSource } from '../../perfusion/qtmnet/patch-source';
import { trainQtmnet } from '../../perfusion/qtmnet/training-loop';
import { inferVolume } from '../../perfusion/qtmnet/volume-inference';
import { createSeededRandom, type SeededRandom } from '../../perfusion/random/seeded-random';
import { mlPer100mlPerMinToPerSecond, perMinToPerSecond } from '../../perfusion/units';

const FRAMES = 60;
const DT = 5; // s
const FINE = 0.5; // s, AIF grid
const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : d;
};

const logUniform = (rng: SeededRandom, a: number, b: number) =>
  Math.exp(Math.log(a) + rng.next() * (Math.log(b) - Math.log(a)));
const gauss = (rng: SeededRandom) =>
  Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());

interface Voxel {
  curve: Float32Array;
  truth: [number, number, number, number]; // Fp, PS (1/s), vp, ve
}
interface Subject {
  id: string;
  voxels: Voxel[];
  globalAif: Float64Array; // on the fine grid
}

const tFine = Float64Array.from({ length: Math.round((FRAMES * DT) / FINE) }, (_, i) => i * FINE);
const tFrames = Float64Array.from({ length: FRAMES }, (_, i) => i * DT);

function simulateSubject(id: string, seed: number, voxels: number): Subject {
  const rng = createSeededRandom(seed);
  const dose = 0.8 + 0.4 * rng.next();
  const globalAif = parkerPlasmaAif(tFine, { onsetS: 5 + 10 * rng.next() }).map((c) => c * dose);
  const list: Voxel[] = [];
  for (let v = 0; v < voxels; v++) {
    const tau = 0.5 + 5 * rng.next();
    const e = Math.exp(-FINE / tau);
    const dispersed = new Float64Array(tFine.length);
    for (let i = 1; i < tFine.length; i++) dispersed[i] = e * dispersed[i - 1] + (1 - e) * globalAif[i];
    const local = delayCurve(tFine, dispersed, 5 * rng.next());
    const p = {
      Fp: mlPer100mlPerMinToPerSecond(logUniform(rng, 5, 200)),
      PS: perMinToPerSecond(logUniform(rng, 1e-3, 0.3)),
      vp: 0.005 + 0.145 * rng.next(),
      ve: 0.02 + 0.58 * rng.next(),
    };
    const out = modelCurve('2cxm', p, { times: tFine, plasma: local }, tFrames);
    const peak = out.reduce((a, b) => Math.max(a, b), 0);
    const sigma = 0.02 * peak;
    list.push({
      curve: Float32Array.from(out, (c) => c + sigma * gauss(rng)),
      truth: [p.Fp, p.PS, p.vp, p.ve],
    });
  }
  return { id, voxels: list, globalAif };
}

function toSamples(s: Subject): PatchSample[] {
  return s.voxels.map((v) => ({
    subject: s.id,
    concentration: v.curve,
    labels: Float32Array.from([PARAMETER_SCALES.u.floor, ...v.truth]),
  }));
}

const medianAbsRel = (est: number[], truth: number[]) => {
  const e = est.map((x, i) => Math.abs(x - truth[i]) / truth[i]).sort((a, b) => a - b);
  return e[Math.floor(e.length / 2)];
};

async function main(): Promise<void> {
  const nTrain = arg('train-subjects', 40);
  const perSubject = arg('voxels', 500);
  const epochs = arg('epochs', 8);
  const backend = await selectBackend('wasm');
  const train = Array.from({ length: nTrain }, (_, i) => simulateSubject(`train-${i}`, 1000 + i, perSubject));
  const shards = train.map(toSamples);
  const source: PatchSource = {
    shape: { frames: FRAMES, side: 1 },
    frameIntervalS: DT,
    datasetHash: `kinetic-sanity-${nTrain}-${perSubject}`,
    shards: shards.map((s) => ({ subjectCounts: { [s[0].subject]: s.length } })),
    readShard: async (i) => shards[i],
  };
  const t0 = Date.now();
  const result = await trainQtmnet({
    settings: {
      network: { kind: 'patch', filters: [32, 32, 64], dense: 64, dropout: 0.1 },
      epochs,
      batchSize: 64,
      learningRate: 1e-3,
      seed: 5,
      validationFraction: 0.2,
      checkpointEverySteps: 1e9,
    },
    source,
    onEpoch: (r) =>
      process.stdout.write(
        `epoch ${r.epoch}: train ${r.trainLoss.toFixed(4)} validation ${r.validationLoss.toFixed(4)} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`,
      ),
  });
  const test = Array.from({ length: 10 }, (_, i) => simulateSubject(`test-${i}`, 9000 + i, 200));
  const truth: number[][] = [[], [], [], [], []];
  const net: number[][] = [[], [], [], [], []];
  const fit: number[][] = [[], [], [], [], []];
  for (const s of test) {
    const n = s.voxels.length;
    const vol = {
      dims: [n, 1, 1] as [number, number, number],
      frames: FRAMES,
      concentration: new Float32Array(n * FRAMES),
    };
    s.voxels.forEach((v, i) => {
      v.curve.forEach((c, t) => {
        vol.concentration[i + n * t] = c;
      });
    });
    const { maps } = inferVolume(result.network, vol, { batchSize: 512, mcSamples: 0, seed: 1 });
    const fits = fitCurveBatch({
      model: '2cxm',
      fitDelay: true,
      curves: s.voxels.map((v, i) => ({
        label: `${s.id}/${i}`,
        t: tFrames,
        ct: Float64Array.from(v.curve),
        ta: tFine,
        ca: s.globalAif,
      })),
    });
    s.voxels.forEach((v, i) => {
      const [fp, ps, vp, ve] = v.truth;
      const f = fits[i].params;
      [fp, ps, ktransFromFlowAndPermeability(fp, ps), vp, ve].forEach((x, j) => {
        truth[j].push(x);
      });
      [maps.fp[i], maps.ps[i], maps.ktrans[i], maps.vp[i], maps.ve[i]].forEach((x, j) => {
        net[j].push(x);
      });
      [f[0], f[1], ktransFromFlowAndPermeability(f[0], f[1]), f[2], f[3]].forEach((x, j) => {
        fit[j].push(x);
      });
    });
  }
  const names = ['Fp', 'PS', 'Ktrans', 'vp', 've'];
  process.stdout.write(
    `backend ${backend.provider}; ${nTrain} subjects x ${perSubject} voxels, ${epochs} epochs, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`,
  );
  process.stdout.write(
    'median |relative error| on 10 held-out subjects x 200 voxels\nparameter  QTMnet(AIF-free)  2CXM(global AIF + delay)\n',
  );
  names.forEach((name, j) => {
    process.stdout.write(
      `${name.padEnd(10)} ${medianAbsRel(net[j], truth[j]).toFixed(3).padStart(16)} ${medianAbsRel(fit[j], truth[j]).toFixed(3).padStart(25)}\n`,
    );
  });
}

void main();
