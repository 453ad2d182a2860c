/**
 * Fitting speed and accuracy on curves (bench/fit/README.md). Per model: fits/s single thread and on all cores
 * (median of --runs runs), for the fit phase alone and (2CXM, ETM) for the whole in-process run: read the CSV,
 * parse, fit, format the output. 2CXM and ETM use the OSIPI curves repeated (2,400 curves); Tofts, Patlak and
 * 2CUM use synthetic-curves.ts (2,400 curves, noise SD 0.001 mM).
 * Run: npm run build && node dist/bench/fit/fit-speed.js [--runs 5] [--whole-runs 1]
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitCurvesOnPool } from '../../compute/fit-on-pool';
import { WorkerPool } from '../../compute/worker-pool';
import { readKineticCurvesCsv } from '../../formats/kinetic-curves-csv';
import { runFitCurves } from '../../jobs/fit-job';
import { fitCurveBatch } from '../../perfusion/fit/curve-batch';
import type { CurveFit } from '../../perfusion/fit/curve-fitter';
import { withinOsipiTolerance } from '../../perfusion/fit/osipi-tolerance';
import { kineticModel } from '../../perfusion/models/model-registry';
import { projectRoot } from '../../storage/project-paths';
import { runDcmri } from './dcmri-comparison';
import { median, timed } from './fit-speed-stats';
import { syntheticCurves } from './synthetic-curves';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('--runs', 5);
const WHOLE_RUNS = arg('--whole-runs', 1);
const CORES = availableParallelism();

/** OSIPI-named estimates of a fit. */
export function osipiEstimates(model: string, fit: CurveFit): Record<string, number> {
  const out: Record<string, number> = {};
  kineticModel(model).parameters.forEach((s, j) => {
    out[s.osipiName] = fit.params[j] * s.toOsipi;
  });
  return out;
}

async function main(): Promise<void> {
  const root = projectRoot();
  const tmp = mkdtempSync(join(tmpdir(), 'qtm-bench-fit-'));
  console.log(
    `fit-speed: ${CORES} cores, median of ${RUNS} runs (fit phase), ${WHOLE_RUNS} whole run(s); Node ${process.version}`,
  );
  // "all cores" runs on a warm pool (threads started and JIT-compiled by a first run), as a long-lived worker
  // process would; the whole-run figures below start cold, as the CLI does.
  const pool = new WorkerPool(CORES);
  console.log('model   curves  samples  1 thread fits/s  all cores fits/s  accuracy');
  const osipi = [
    { model: '2cxm', file: '2cxm_sd_0.001_delay_0.csv', repeat: 100 },
    { model: 'etm', file: 'dce_DRO_data_extended_tofts.csv', repeat: 160 },
  ];
  const whole: string[] = [];
  const versus: string[] = [];
  for (const { model, file, repeat } of osipi) {
    const text = readFileSync(join(root, 'test/fixtures/osipi', file), 'utf8');
    const unique = readKineticCurvesCsv(text, 'osipi', file);
    const curves = Array.from({ length: repeat }, () => unique).flat();
    fitCurveBatch({ model, curves, fitDelay: false }); // warm-up (JIT), as the pool gets below
    const one = await timed(RUNS, () => fitCurveBatch({ model, curves, fitDelay: false }));
    await fitCurvesOnPool(model, curves, false, { pool });
    const all = await timed(RUNS, () => fitCurvesOnPool(model, curves, false, { pool }));
    const fits = fitCurveBatch({ model, curves: unique, fitDelay: false });
    const pass = fits.filter((f, i) =>
      withinOsipiTolerance(osipiEstimates(model, f), unique[i].reference),
    ).length;
    row(
      model,
      curves.length,
      unique[0].t.length,
      one,
      all,
      `${pass}/${unique.length} OSIPI cases in tolerance`,
    );
    const worst = maxAbsErrors(model, fits, unique);
    const py = runDcmri(
      root,
      join(root, 'test/fixtures/osipi', file),
      model as '2cxm' | 'etm',
      model === '2cxm' ? 1 : 4,
    );
    if (py) {
      const ours = (curves.length * 1000) / one;
      versus.push(
        `${model.padEnd(6)} ours ${Math.round(ours)} fits/s (1 thread), ${pass}/${unique.length} in tolerance, max |error| ${worst}\n` +
          `${''.padEnd(6)} dcmri ${py.fits_per_s.toFixed(1)} fits/s (1 thread, ${py.fits} fits), ${py.passed}/${py.cases} in tolerance, max |error| ${format(py.max_abs_error)}\n` +
          `${''.padEnd(6)} ratio ${Math.round(ours / py.fits_per_s)}x`,
      );
    }
    const lines = text.trimEnd().split(/\r?\n/);
    const big = join(tmp, `${model}_x${repeat}.csv`);
    writeFileSync(
      big,
      [
        lines[0],
        ...Array.from({ length: repeat }, (_, r) => lines.slice(1).map((l) => `r${r}_${l}`)).flat(),
      ].join('\n'),
    );
    for (const threads of [1, CORES]) {
      const ms = await timed(WHOLE_RUNS, () => runFitCurves({ model, input: big, format: 'osipi', threads }, () => undefined));
      whole.push(
        `${model.padEnd(6)}  ${threads} thread(s): ${(ms / 1000).toFixed(2)} s for ${curves.length} curves = ${Math.round((curves.length * 1000) / ms)} curves/s (read + parse + fit + format)`,
      );
    }
  }
  for (const model of ['tofts', 'patlak', '2cum']) {
    const { curves, truth } = syntheticCurves(model, 2400, 0.001, 7);
    fitCurveBatch({ model, curves, fitDelay: false }); // warm-up (JIT), as the pool gets below
    const one = await timed(RUNS, () => fitCurveBatch({ model, curves, fitDelay: false }));
    await fitCurvesOnPool(model, curves, false, { pool });
    const all = await timed(RUNS, () => fitCurvesOnPool(model, curves, false, { pool }));
    const fits = fitCurveBatch({ model, curves, fitDelay: false });
    const specs = kineticModel(model).parameters;
    const errors = specs.map(
      (s, j) =>
        `${s.osipiName} ${(100 * median(fits.map((f, k) => Math.abs(f.params[j] / truth[k][j] - 1)))).toFixed(2)}%`,
    );
    row(model, curves.length, curves[0].t.length, one, all, `median |rel. error| ${errors.join(', ')}`);
  }
  await pool.close();
  console.log(
    '\nversus dcmri (same OSIPI curves, concentration fits, plasma AIF, Hct 0.42; see dcmri_fit.py):',
  );
  for (const v of versus) console.log(`  ${v}`);
  console.log('\nwhole run, in process (Node start-up excluded):');
  for (const w of whole) console.log(`  ${w}`);
}

function format(errors: Record<string, number>): string {
  return Object.entries(errors)
    .map(([k, v]) => `${k} ${Number(v.toPrecision(2))}`)
    .join(', ');
}

function maxAbsErrors(
  model: string,
  fits: CurveFit[],
  cases: Array<{ reference: Record<string, number> }>,
): string {
  const worst: Record<string, number> = {};
  fits.forEach((f, i) => {
    for (const [k, v] of Object.entries(osipiEstimates(model, f)))
      worst[k] = Math.max(worst[k] ?? 0, Math.abs(v - cases[i].reference[k]));
  });
  return format(worst);
}

function row(
  model: string,
  n: number,
  samples: number,
  oneMs: number,
  allMs: number,
  accuracy: string,
): void {
  const rate = (ms: number) => String(Math.round((n * 1000) / ms)).padStart(16);
  console.log(
    `${model.padEnd(6)} ${String(n).padStart(7)} ${String(samples).padStart(8)} ${rate(oneMs)} ${rate(allMs)}   ${accuracy}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
