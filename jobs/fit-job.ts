/**
 * The job behind `qtm fit`: tracer-kinetic model fitting. Curves mode reads a CSV of curves (osipi or plain layout,
 * docs/formats.md) and prints or writes one row of OSIPI-named parameters per curve; subject mode fits every
 * voxel of a subject folder's conc.nii.gz inside a mask with the chosen AIF (jobs/fit-aif.ts) and writes
 * maps/<method>/ (`<model>` with the measured arterial AIF, `<model>-<aif>` with another). Work runs on all cores
 * through compute/'s worker pool unless --threads says otherwise.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fitCurvesOnPool, fitVolumeOnPool } from '../compute/fit-on-pool';
import type { WorkerPool } from '../compute/worker-pool';
import { type AifOption, fitMethodName, fittedMapParameters } from '../contracts/parameter-maps';
import { type FitMaps, fileSha256, writeFitMaps } from '../formats/fit-map-folder';
import {
  formatKineticFitsCsv,
  type KineticCurvesFormat,
  readKineticCurvesCsv,
} from '../formats/kinetic-curves-csv';
import { readSubjectFolder } from '../formats/subject-folder';
import type { CurveFit } from '../perfusion/fit/curve-fitter';
import { kineticModel } from '../perfusion/models/model-registry';
import { codeVersion } from '../runtime/code-version';
import { subjectAif } from './fit-aif';

export interface FitCurvesOptions {
  model: string;
  input: string;
  format: KineticCurvesFormat;
  fitDelay?: boolean;
  threads?: number;
}

/** Fits every curve of the input file; returns the output CSV text and the fits (SI). */
export async function runFitCurves(opts: FitCurvesOptions): Promise<{ csv: string; fits: CurveFit[] }> {
  const model = kineticModel(opts.model);
  const curves = readKineticCurvesCsv(readFileSync(opts.input, 'utf8'), opts.format, opts.input);
  const fits = await fitCurvesOnPool(model.name, curves, opts.fitDelay ?? false, { threads: opts.threads });
  const rows = fits.map((f, i) => ({ label: curves[i].label, ...f }));
  return { csv: formatKineticFitsCsv(model.name, model.parameters, rows, opts.fitDelay ?? false), fits };
}

export interface FitSubjectOptions {
  model: string;
  /** The AIF (docs/science.md section 3.5); default `artery`, the curve measured in aif.csv. */
  aif?: AifOption;
  subject: string;
  mask: 'brain' | 'tumour';
  fitDelay?: boolean;
  threads?: number;
  /** A long-lived pool to fit on (a worker process's shared pool); its size replaces `threads`. */
  pool?: WorkerPool;
  /** Aborting stops the fit (code CANCELLED); nothing is written. */
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Fits every voxel inside the mask of a subject folder and writes maps/<method>/; returns the folder and counts. */
export async function runFitSubject(
  opts: FitSubjectOptions,
): Promise<{ dir: string; fitted: number; flagged: number; skipped: number; aif: Record<string, unknown> }> {
  const model = kineticModel(opts.model);
  const s = readSubjectFolder(opts.subject);
  const aifOption = opts.aif ?? 'artery';
  const aif = subjectAif(opts.subject, s, aifOption);
  const mask = opts.mask === 'brain' ? s.maskBrain : s.maskTumour;
  const voxelCount = s.geometry.dims[0] * s.geometry.dims[1] * s.geometry.dims[2];
  let total = 0;
  for (let v = 0; v < voxelCount; v++) if (mask[v] !== 0) total++;
  const started = new Date().toISOString();
  const result = await fitVolumeOnPool(
    {
      model: model.name,
      conc: s.conc,
      voxelCount,
      mask,
      t: Float64Array.from(s.protocol.frame_times_s),
      ta: aif.tS,
      ca: aif.cpMm,
      fitDelay: opts.fitDelay ?? false,
    },
    {
      threads: opts.threads,
      pool: opts.pool,
      signal: opts.signal,
      onProgress: opts.onProgress && ((done) => opts.onProgress?.(done, total)),
    },
  );
  const params: Record<string, Float32Array> = {};
  model.parameters.forEach((spec, j) => {
    params[spec.name] = result.params[j];
  });
  if (!params.Ktrans && fittedMapParameters(model).includes('Ktrans')) {
    // Ktrans = E Fp = Fp PS/(Fp + PS) (Sourbron & Buckley 2013), for comparison with Tofts-type maps.
    params.Ktrans = params.Fp.map((fp, v) => (fp * params.PS[v]) / (fp + params.PS[v]));
  }
  const maps: FitMaps = {
    params,
    rmseMm: result.rmse,
    status: result.status,
    delayS: opts.fitDelay ? result.delayS : undefined,
  };
  const maskFile = opts.mask === 'brain' ? 'mask_brain.nii.gz' : 'mask_tumour.nii.gz';
  const inputs = ['conc.nii.gz', ...aif.files, 'protocol.json', maskFile];
  const dir = writeFitMaps(opts.subject, fitMethodName(model.name, aifOption), s.geometry, maps, {
    tool: 'qtm fit',
    code_version: codeVersion(),
    command: ['qtm', ...process.argv.slice(2)].join(' '),
    config: {
      model: model.name,
      aif: aifOption,
      mask: opts.mask,
      fit_delay: opts.fitDelay ?? false,
      threads: opts.threads ?? 'all cores',
    },
    aif: aif.provenance,
    started,
    finished: new Date().toISOString(),
    voxels: { fitted: result.fitted, flagged: result.flagged, skipped: result.skipped },
    inputs_sha256: Object.fromEntries(inputs.map((f) => [f, fileSha256(join(opts.subject, f))])),
  });
  return {
    dir,
    fitted: result.fitted,
    flagged: result.flagged,
    skipped: result.skipped,
    aif: aif.provenance,
  };
}
