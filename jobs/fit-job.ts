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
import { WorkerPool } from '../compute/worker-pool';
import { type AifOption, fitMethodName, fittedMapParameters } from '../contracts/parameter-maps';
import { type FitMaps, fileSha256, writeFitMaps } from '../formats/fit-map-folder';
import {
  type KineticCurvesFormat,
  kineticFitsFormatter,
  readKineticCurvesCsv,
} from '../formats/kinetic-curves-csv';
import { type OsipiChunk, readOsipiChunks } from '../formats/osipi-curve-chunks';
import { kineticModel } from '../perfusion/models/model-registry';
import { codeVersion } from '../runtime/code-version';
import { curvesFileThreads } from './curves-file-threads';
import { subjectAif } from './fit-aif';

export interface FitCurvesOptions {
  model: string;
  input: string;
  format: KineticCurvesFormat;
  fitDelay?: boolean;
  threads?: number;
}

/**
 * Fits every curve of the input file and hands the output CSV to `write` piece by piece, in curve order. An
 * osipi file is parsed and fitted by the worker threads chunk by chunk while it is still being read (no
 * whole-file text, no value parsed through a string); a plain file is read whole (its rows of one case may
 * span any number of lines). Resolves with the number of curves after the last piece has been written.
 */
export async function runFitCurves(
  opts: FitCurvesOptions,
  write: (text: string) => void | Promise<void>,
): Promise<{ curves: number }> {
  const model = kineticModel(opts.model);
  const fitDelay = opts.fitDelay ?? false;
  const format = kineticFitsFormatter(model.name, model.parameters, fitDelay);
  if (opts.format !== 'osipi') {
    const curves = readKineticCurvesCsv(readFileSync(opts.input, 'utf8'), opts.format, opts.input);
    const fits = await fitCurvesOnPool(model.name, curves, fitDelay, { threads: opts.threads });
    await write(format.header + fits.map((f, i) => format.row({ label: curves[i].label, ...f })).join(''));
    return { curves: curves.length };
  }
  // The command's own thread fits too, and the workers start before the file is opened: their start-up
  // overlaps reading and fitting the first chunks instead of delaying them.
  const pool = new WorkerPool(opts.threads ?? curvesFileThreads(opts.input), { callerComputes: true });
  pool.startThreads();
  let curves = 0;
  try {
    await pool.runStream(
      'fitOsipiChunk',
      fitInputs(readOsipiChunks(opts.input), model.name, fitDelay),
      async (out, index) => {
        curves += out.curves;
        await write(index === 0 ? format.header + out.text : out.text);
      },
      { transfer: ({ chunk }) => [chunk.bytes.buffer as ArrayBuffer, chunk.cells.buffer as ArrayBuffer] },
    );
    if (curves === 0) await write(format.header);
  } finally {
    await pool.close();
  }
  return { curves };
}

async function* fitInputs(chunks: AsyncIterable<OsipiChunk>, model: string, fitDelay: boolean) {
  for await (const chunk of chunks) yield { model, fitDelay, chunk };
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
  // Loaded on first use: curves mode never reads a subject folder, and the folder's schema library (zod) would
  // add about 60 ms of CPU to every `qtm fit --input` start.
  const { readSubjectFolder } = await import('../formats/subject-folder');
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
    // Voxels of conc.nii.gz holding a NaN or infinite value (those inside the mask are skipped).
    input_non_finite_voxels: { 'conc.nii.gz': s.nonFiniteVoxels?.['conc.nii.gz'] },
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
