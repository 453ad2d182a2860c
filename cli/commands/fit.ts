/**
 * `qtm fit`: tracer-kinetic model fitting. Curves mode reads a CSV of curves (osipi or plain layout,
 * docs/formats.md) and prints or writes one row of OSIPI-named parameters per curve; subject mode fits every
 * voxel of a subject folder's conc.nii.gz inside a mask and writes maps/<model>/. Work runs on all cores
 * through compute/'s worker pool unless --threads says otherwise.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { fitCurvesOnPool, fitVolumeOnPool } from '../../compute/fit-on-pool';
import { type FitMaps, fileSha256, writeFitMaps } from '../../formats/fit-map-folder';
import {
  formatKineticFitsCsv,
  type KineticCurvesFormat,
  readKineticCurvesCsv,
} from '../../formats/kinetic-curves-csv';
import { readSubjectFolder } from '../../formats/subject-folder';
import type { CurveFit } from '../../perfusion/fit/curve-fitter';
import { KINETIC_MODELS, kineticModel } from '../../perfusion/models/model-registry';
import { codeVersion } from '../../storage/code-version';

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
  subject: string;
  mask: 'brain' | 'tumour';
  fitDelay?: boolean;
  threads?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Fits every voxel inside the mask of a subject folder and writes maps/<model>/; returns the folder and counts. */
export async function runFitSubject(
  opts: FitSubjectOptions,
): Promise<{ dir: string; fitted: number; flagged: number; skipped: number }> {
  const model = kineticModel(opts.model);
  const s = readSubjectFolder(opts.subject);
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
      ta: Float64Array.from(s.aif.tS),
      ca: Float64Array.from(s.aif.cpMm),
      fitDelay: opts.fitDelay ?? false,
    },
    { threads: opts.threads, onProgress: opts.onProgress && ((done) => opts.onProgress?.(done, total)) },
  );
  const params: Record<string, Float32Array> = {};
  model.parameters.forEach((spec, j) => {
    params[spec.name] = result.params[j];
  });
  if (params.Fp && params.PS && !params.Ktrans) {
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
  const inputs = ['conc.nii.gz', 'aif.csv', 'protocol.json', maskFile];
  const dir = writeFitMaps(opts.subject, model.name, s.geometry, maps, {
    tool: 'qtm fit',
    code_version: codeVersion(),
    command: ['qtm', ...process.argv.slice(2)].join(' '),
    config: {
      model: model.name,
      mask: opts.mask,
      fit_delay: opts.fitDelay ?? false,
      threads: opts.threads ?? 'all cores',
    },
    started,
    finished: new Date().toISOString(),
    voxels: { fitted: result.fitted, flagged: result.flagged, skipped: result.skipped },
    inputs_sha256: Object.fromEntries(inputs.map((f) => [f, fileSha256(join(opts.subject, f))])),
  });
  return { dir, fitted: result.fitted, flagged: result.flagged, skipped: result.skipped };
}

interface FitCommandOptions {
  model: string;
  input?: string;
  format: KineticCurvesFormat;
  subject?: string;
  mask: 'brain' | 'tumour';
  fitDelay?: boolean;
  threads?: number;
  output?: string;
}

function threadCount(value: string): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v < 1)
    throw new InvalidArgumentError(`expected an integer >= 1, got "${value}"`);
  return v;
}

export function registerFit(program: Command): void {
  program
    .command('fit')
    .description(
      'fit a tracer-kinetic model to curves from a CSV (--input) or to every voxel of a subject folder (--subject)',
    )
    .addOption(
      new Option('--model <model>', 'tissue model')
        .choices(Object.keys(KINETIC_MODELS))
        .makeOptionMandatory(),
    )
    .option('--input <file>', 'CSV of curves (see docs/formats.md, "Kinetic curves")')
    .addOption(
      new Option('--format <format>', 'layout of --input').choices(['osipi', 'plain']).default('osipi'),
    )
    .option(
      '--subject <dir>',
      'subject folder (DESIGN.md 2.1): fits conc.nii.gz with aif.csv, writes maps/<model>/',
    )
    .addOption(
      new Option('--mask <mask>', 'voxels to fit in --subject mode (tumour: any non-zero label)')
        .choices(['brain', 'tumour'])
        .default('brain'),
    )
    .option('--fit-delay', 'also fit the arterial delay within [-10, 10] s')
    .option('--threads <n>', 'worker threads (default: all cores)', threadCount)
    .option('--output <file>', 'write the CSV here instead of stdout (curves mode)')
    .action(async (opts: FitCommandOptions, command: Command) => {
      if (Boolean(opts.input) === Boolean(opts.subject)) {
        command.error('error: give exactly one of --input <file.csv> or --subject <dir>', {
          code: 'commander.invalidArgument',
          exitCode: 2,
        });
      }
      if (opts.input) {
        const { csv } = await runFitCurves({
          model: opts.model,
          input: opts.input,
          format: opts.format,
          fitDelay: opts.fitDelay,
          threads: opts.threads,
        });
        if (opts.output) writeFileSync(opts.output, csv);
        else process.stdout.write(csv);
        return;
      }
      const subject = opts.subject as string;
      const showProgress = process.stderr.isTTY;
      const r = await runFitSubject({
        model: opts.model,
        subject,
        mask: opts.mask,
        fitDelay: opts.fitDelay,
        threads: opts.threads,
        onProgress: showProgress
          ? (done, total) =>
              process.stderr.write(
                `\rfitting ${done}/${total} voxels (${Math.round((100 * done) / Math.max(1, total))}%)`,
              )
          : undefined,
      });
      if (showProgress) process.stderr.write('\n');
      process.stdout.write(
        `wrote ${r.dir}: ${r.fitted} voxels fitted, ${r.flagged} flagged, ${r.skipped} skipped (non-finite samples)\n`,
      );
    });
}
