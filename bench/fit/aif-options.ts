/**
 * Issue 9, item 2: how much the AIF decides the conventional fits. Simulates a development set at 32 x 32 x 8
 * (400 terminals; seeds 800000 + k, LGG first, disjoint from every evaluation), fits the 2CXM and the extended
 * Tofts model in the tumour with each AIF option (`qtm fit --subject --aif`, delay fitted, as the experiment
 * workflow does) and compares Ktrans and vp in the enhancing tumour with the kinetic truth (truth/): pooled
 * median absolute relative error with a subject-level bootstrap 95% CI, the share of flagged fits, and the
 * ratio of each option's error to the oracle's (paired: the same resampled subjects). Per subject it prints
 * what the corrected, tissue-corrected and population AIFs did, against the oracle curve (a diagnostic only:
 * no option sees it).
 * Run: node -r ./test/unit/perfusion/qtmnet/swc-register.js bench/fit/aif-options.ts \
 *        [--lgg 6] [--hgg 6] [--seed 800000] [--out .data/aif-options] [--threads 2] [--bootstrap 2000]
 * Subjects already simulated under --out are reused.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AIF_OPTIONS, type AifOption, fitMethodName, ORACLE_AIF_NOTE } from '../../contracts/parameter-maps';
import { readNifti } from '../../formats/nifti';
import { resolveSimulationConfig } from '../../formats/simulation-config';
import { readSubjectFolder } from '../../formats/subject-folder';
import { subjectAif } from '../../jobs/fit-aif';
import { runFitSubject } from '../../jobs/fit-job';
import { writeSimulatedSubject } from '../../jobs/simulate-job';
import { curveAreaMmS } from '../../perfusion/aif/venous-output-scaling';
import { clusterBootstrap } from '../../perfusion/math/cluster-bootstrap';
import type { ModelName } from '../../perfusion/models/kinetic-model';
import { simulateSubject } from '../../perfusion/simulate/subject-simulation';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const LGG = Number(arg('lgg', '6'));
const HGG = Number(arg('hgg', '6'));
const SEED = Number(arg('seed', '800000'));
const OUT = arg('out', join(__dirname, '../../.data/aif-options'));
const THREADS = Number(arg('threads', '2'));
const BOOTSTRAP = Number(arg('bootstrap', '2000'));
const SIMULATOR = { imaging: { matrix: [32, 32, 8] }, vessels: { terminals: 400 } };
const MODELS: ModelName[] = ['2cxm', 'etm'];
const MAPS = { ktrans: 'ktrans_per_min', vp: 'vp' } as const;
type MapKey = keyof typeof MAPS;

/** One subject's enhancing-tumour relative errors |est - true| / true per method and map, and flagged counts. */
interface SubjectErrors {
  errors: Record<string, Record<MapKey, Float64Array>>;
  flagged: Record<string, number>;
  voxels: number;
}

/** Median of the errors of all voxels of the subjects (a bootstrap resample repeats subjects). */
const pooledMedian = (method: string, key: MapKey) => (s: readonly SubjectErrors[]) => {
  const pooled = new Float64Array(s.reduce((n, x) => n + x.errors[method][key].length, 0));
  let at = 0;
  for (const x of s) {
    pooled.set(x.errors[method][key], at);
    at += x.errors[method][key].length;
  }
  pooled.sort();
  const mid = pooled.length >> 1;
  return pooled.length % 2 === 1 ? pooled[mid] : 0.5 * (pooled[mid - 1] + pooled[mid]);
};

function subjectErrors(dir: string, methods: string[]): SubjectErrors {
  const nifti = (file: string) => readNifti(join(dir, file)).data;
  const tumour = nifti('mask_tumour.nii.gz');
  const roi = [...tumour.keys()].filter((v) => tumour[v] === 1);
  const out: SubjectErrors = { errors: {}, flagged: {}, voxels: roi.length };
  for (const method of methods) {
    const status = nifti(`maps/${method}/fit_status.nii.gz`);
    out.flagged[method] = roi.filter((v) => status[v] === 1).length;
    const errors = (key: MapKey) => {
      const truth = nifti(`truth/${MAPS[key]}.nii.gz`);
      const estimate = nifti(`maps/${method}/${MAPS[key]}.nii.gz`);
      const kept = roi.filter((v) => truth[v] > 0 && Number.isFinite(estimate[v]));
      return Float64Array.from(kept, (v) => Math.abs(estimate[v] - truth[v]) / truth[v]);
    };
    out.errors[method] = { ktrans: errors('ktrans'), vp: errors('vp') };
  }
  return out;
}

/** What the corrected, tissue-corrected and population AIFs did in one subject, against the oracle curve (diagnostic only). */
function aifDiagnostics(dir: string, method: (aif: AifOption) => string): string {
  const s = readSubjectFolder(dir);
  const provenance = (aif: AifOption) =>
    JSON.parse(readFileSync(join(dir, 'maps', method(aif), 'provenance.json'), 'utf8')).aif;
  const oracle = { tS: s.aifOracle?.tS ?? [], c: s.aifOracle?.cpMm ?? [] };
  const last = s.protocol.frame_times_s[s.protocol.frame_times_s.length - 1];
  const oracleArea = curveAreaMmS(oracle, 0, last);
  const peak = (c: ArrayLike<number>) => Math.max(...Array.from(c));
  const againstOracle = (aif: AifOption) => {
    const { tS, cpMm } = subjectAif(dir, s, aif);
    const area = curveAreaMmS({ tS, c: cpMm }, 0, last) / oracleArea;
    return `area/oracle ${area.toFixed(2)}, peak/oracle ${(peak(cpMm) / peak(oracle.c)).toFixed(2)}`;
  };
  const corrected = provenance('corrected');
  const tissue = provenance('tissue-corrected');
  const population = provenance('population');
  const physiology = (s.provenance.drawn_parameters as { physiology: { onsetS: number; hct: number } })
    .physiology;
  return [
    `scale ${corrected.scale.toFixed(2)}`,
    `corrected ${againstOracle('corrected')}`,
    `tissue-corrected f ${tissue.arterial_fraction.toFixed(3)} (ring ${tissue.ring_voxels} voxels, tissue/venous area ${(tissue.tissue_area_mM_s / tissue.venous_area_mM_s).toFixed(2)}), ${againstOracle('tissue-corrected')}`,
    `artery peak/oracle ${(peak(s.aif.cpMm) / peak(oracle.c)).toFixed(2)}`,
    `population onset ${population.onset_s.toFixed(1)} s (root onset ${physiology.onsetS.toFixed(1)} s)`,
    `subject hct ${physiology.hct.toFixed(2)}`,
  ].join(', ');
}

async function main(): Promise<void> {
  const started = Date.now();
  const config = resolveSimulationConfig(SIMULATOR, 'bench/fit/aif-options.ts');
  const methods = MODELS.flatMap((m) => AIF_OPTIONS.map((a) => fitMethodName(m, a)));
  const subjects: SubjectErrors[] = [];
  const diagnostics: string[] = [];
  for (let k = 0; k < LGG + HGG; k++) {
    const grade = k < LGG ? 'lgg' : 'hgg';
    const seed = SEED + k;
    const dir = join(OUT, `sub-${String(k + 1).padStart(3, '0')}`);
    if (!existsSync(join(dir, 'provenance.json'))) {
      writeSimulatedSubject(dir, simulateSubject(config, grade, seed), config, { bench: 'aif-options' });
    }
    for (const model of MODELS)
      for (const aif of AIF_OPTIONS)
        await runFitSubject({ model, aif, subject: dir, mask: 'tumour', fitDelay: true, threads: THREADS });
    subjects.push(subjectErrors(dir, methods));
    diagnostics.push(`${grade} seed ${seed}: ${aifDiagnostics(dir, (a) => fitMethodName('2cxm', a))}`);
    process.stderr.write(`${grade} seed ${seed} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  }
  const boot = { replicates: BOOTSTRAP, seed: 1 };
  const f = (x: number) => x.toFixed(3);
  const interval = (r: { estimate: number; low: number; high: number }) =>
    `${f(r.estimate)} [${f(r.low)}, ${f(r.high)}]`;
  const rows = [
    '| model | AIF | Ktrans MdARE [95% CI] | vp MdARE [95% CI] | Ktrans / oracle [95% CI] | vp / oracle [95% CI] | flagged fits |',
    '|---|---|---|---|---|---|---|',
  ];
  const summary: Record<string, unknown> = {};
  for (const model of MODELS) {
    const oracle = fitMethodName(model, 'oracle');
    for (const aif of AIF_OPTIONS) {
      const method = fitMethodName(model, aif);
      const cells: Record<string, unknown> = {};
      const text: string[] = [];
      for (const key of Object.keys(MAPS) as MapKey[]) {
        const r = clusterBootstrap(subjects, pooledMedian(method, key), boot);
        cells[key] = r;
        text.push(interval(r));
      }
      for (const key of Object.keys(MAPS) as MapKey[]) {
        const ratio = (s: readonly SubjectErrors[]) =>
          pooledMedian(method, key)(s) / pooledMedian(oracle, key)(s);
        const r = clusterBootstrap(subjects, ratio, boot);
        cells[`${key}_over_oracle`] = r;
        text.push(aif === 'oracle' ? '1 (reference)' : interval(r));
      }
      const flagged = subjects.reduce((a, s) => a + s.flagged[method], 0);
      const voxels = subjects.reduce((a, s) => a + s.voxels, 0);
      cells.flagged = flagged / voxels;
      summary[method] = cells;
      const label = aif === 'oracle' ? 'oracle (reference: no real study has it)' : aif;
      rows.push(`| ${model} | ${label} | ${text.join(' | ')} | ${((100 * flagged) / voxels).toFixed(1)}% |`);
    }
  }
  const voxels = subjects.map((s) => s.voxels);
  const header = [
    `${LGG} LGG + ${HGG} HGG subjects (seeds ${SEED}-${SEED + LGG + HGG - 1}), 32 x 32 x 8, 400 terminals;`,
    `enhancing-tumour voxels per subject ${Math.min(...voxels)}-${Math.max(...voxels)} (${voxels.reduce((a, b) => a + b, 0)} in all);`,
    `errors against the kinetic truth (truth/); ${BOOTSTRAP} subject-level bootstrap resamples; ${((Date.now() - started) / 1000).toFixed(0)} s`,
  ];
  const text = [...header, '', ...rows, '', 'Per subject (2CXM fits):', ...diagnostics].join('\n');
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'aif-options.md'), `${text}\n`);
  writeFileSync(
    join(OUT, 'aif-options.json'),
    `${JSON.stringify({ seeds: [SEED, SEED + LGG + HGG - 1], oracle: ORACLE_AIF_NOTE, summary }, null, 2)}\n`,
  );
  process.stdout.write(`${text}\n`);
}

void main();
