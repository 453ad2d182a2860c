/** `qtm fit`: the command line of jobs/fit-job.ts. */

import { setFlagsFromString } from 'node:v8';
import { type Command, Option } from 'commander';
import { AIF_OPTIONS, type AifOption, ORACLE_AIF_NOTE } from '../../contracts/parameter-maps';
import type { KineticCurvesFormat } from '../../formats/kinetic-curves-csv';
import { type FitCurvesOptions, runFitCurves, runFitSubject } from '../../jobs/fit-job';
import { KINETIC_MODELS } from '../../perfusion/models/model-registry';
import { addOptionAlias } from '../option-aliases';
import { integerOption } from '../option-parsers';
import { openTextOutput } from '../text-output';

/**
 * V8 flag set for curves mode: the optimising compiler's inlining budget per function, cut from 920 bytecode
 * bytes to 100. A `qtm fit` on a 56 MB file runs for a quarter of a second, and its calling thread spends the
 * first tens of milliseconds in unoptimised parse and fit loops while the optimising compiler builds them on a
 * second thread (`--trace-opt`: 6-19 ms for each hot function with its callees inlined). With the smaller
 * budget those compiles finish sooner: on the 2,400-curve file the run's CPU fell from 0.42 to 0.36-0.38 s
 * (all threads), and the warm fit loop slowed by 2-3%, which a 9,600-curve file did not show in its total
 * (bench/fit/README.md). Only compiled code changes: V8 never fuses or reorders floating-point operations, so
 * every number is the same.
 */
export const CURVES_INLINING_FLAG = '--max-inlined-bytecode-size-cumulative=100';

interface FitCommandOptions {
  model: string;
  input?: string;
  format: KineticCurvesFormat;
  subject?: string;
  aif: AifOption;
  mask: 'brain' | 'tumour';
  fitDelay?: boolean;
  threads?: number;
  out?: string;
  timing?: boolean;
}

/**
 * Curves mode as the command runs it: fits `opts.input`, streaming the CSV to `output` (a path) or stdout.
 * `seconds` runs from opening the files to the last line written (and the file closed): the whole work of the
 * command without Node's start-up; `cpuSeconds` is the CPU time of all its threads over that span.
 */
export async function fitCurvesToOutput(
  opts: FitCurvesOptions,
  output?: string,
): Promise<{ curves: number; seconds: number; cpuSeconds: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const out = openTextOutput(output);
  try {
    const { curves } = await runFitCurves(opts, (text) => out.write(text));
    await out.commit();
    const used = process.cpuUsage(cpu);
    return {
      curves,
      seconds: (performance.now() - started) / 1000,
      cpuSeconds: (used.user + used.system) / 1e6,
    };
  } catch (err) {
    await out.discard();
    throw err;
  }
}

export function registerFit(program: Command): void {
  const fit = program
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
      'subject folder (docs/subject-folder.md): fits conc.nii.gz with the --aif AIF, writes maps/<model>/ (artery) or maps/<model>-<aif>/',
    )
    .addOption(
      new Option(
        '--aif <aif>',
        'AIF in --subject mode: artery (aif.csv as measured), corrected (aif.csv scaled to the area of vof.csv), tissue-corrected (aif.csv less the tissue around mask_artery in conc.nii.gz, matched to the area of vof.csv), population (Parker at the dose in protocol.json, timed by aif.csv), oracle (aif_oracle.csv, the true AIF: a reference no real study has); docs/science.md section 3.5',
      )
        .choices(AIF_OPTIONS)
        .default('artery'),
    )
    .addOption(
      new Option('--mask <mask>', 'voxels to fit in --subject mode (tumour: any non-zero label)')
        .choices(['brain', 'tumour'])
        .default('brain'),
    )
    .option('--fit-delay', 'also fit the arterial delay within [-10, 10] s')
    .option(
      '--threads <n>',
      "threads that fit (default: all cores; for an --input file under 64 MiB, 1: a worker's start-up would cost more than it saves); in --input mode the command's own thread is one of them",
      integerOption(1),
    )
    .option('--out <file>', 'write the CSV here instead of stdout (curves mode)')
    .option(
      '--timing',
      'curves mode: print to stderr the seconds from opening the input to the last line written, curves/s and CPU seconds',
    );
  addOptionAlias(fit, { old: '--output <file>', now: 'out' }).action(
    async (opts: FitCommandOptions, command: Command) => {
      if (Boolean(opts.input) === Boolean(opts.subject)) {
        command.error('error: give exactly one of --input <file.csv> or --subject <dir>', {
          code: 'commander.invalidArgument',
          exitCode: 2,
        });
      }
      if (opts.input && command.getOptionValueSource('aif') === 'cli') {
        command.error(
          'error: --aif applies to --subject mode; in --input mode each curve carries its AIF in the CSV',
          {
            code: 'commander.invalidArgument',
            exitCode: 2,
          },
        );
      }
      if (opts.input) {
        setFlagsFromString(CURVES_INLINING_FLAG);
        const { curves, seconds, cpuSeconds } = await fitCurvesToOutput(
          {
            model: opts.model,
            input: opts.input,
            format: opts.format,
            fitDelay: opts.fitDelay,
            threads: opts.threads,
          },
          opts.out,
        );
        if (opts.timing)
          process.stderr.write(
            `qtm fit: ${curves} curves in ${seconds.toFixed(3)} s from opening the input to the last line written (${Math.round(curves / seconds)} curves/s; CPU ${cpuSeconds.toFixed(3)} s over all threads)\n`,
          );
        return;
      }
      const subject = opts.subject as string;
      const showProgress = process.stderr.isTTY;
      const r = await runFitSubject({
        model: opts.model,
        aif: opts.aif,
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
      if (opts.aif === 'oracle') process.stdout.write(`AIF: ${ORACLE_AIF_NOTE}\n`);
    },
  );
}
