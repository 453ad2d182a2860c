/**
 * Fitting speed and accuracy on curves (bench/fit/README.md). Per model: fits/s single thread and on all cores
 * (median of --runs runs) for the fit phase alone (curves in memory); for 2CXM and ETM also the whole run of
 * `qtm fit` on the large OSIPI files (median of --whole-runs runs: read, parse, fit, write), and the Python
 * peers on the same curves: dcmri, and for 2CXM OSIPI's linear fitter. 2CXM and ETM use the OSIPI curves
 * repeated (2,400 curves, osipi-repeated.ts); Tofts, Patlak and 2CUM use synthetic-curves.ts (2,400 curves,
 * noise SD 0.001 mM). --models limits the models (e.g. --models 2cxm).
 * Run: npm run build && node dist/bench/fit/fit-speed.js [--runs 5] [--whole-runs 5] [--models 2cxm,etm]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitCurvesOnPool } from '../../compute/fit-on-pool';
import { WorkerPool } from '../../compute/worker-pool';
import { readKineticCurvesCsv } from '../../formats/kinetic-curves-csv';
import { fitCurveBatch } from '../../perfusion/fit/curve-batch';
import type { CurveFit } from '../../perfusion/fit/curve-fitter';
import { withinOsipiTolerance } from '../../perfusion/fit/osipi-tolerance';
import { kineticModel } from '../../perfusion/models/model-registry';
import { projectRoot } from '../../runtime/project-paths';
import { median, timed } from './fit-speed-stats';
import { OSIPI_REPEATS, osipiFixture, writeRepeatedOsipi } from './osipi-repeated';
import { runDcmri, runOsipiLlsq } from './python-peers';
import { syntheticCurves } from './synthetic-curves';
import { wholeRunTimes } from './whole-run';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('--runs', 5);
const WHOLE_RUNS = arg('--whole-runs', 5);
const CORES = availableParallelism();
const modelsArg = process.argv.indexOf('--models');
const MODELS =
  modelsArg >= 0 ? process.argv[modelsArg + 1].split(',') : ['2cxm', 'etm', 'tofts', 'patlak', '2cum'];

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
    `fit-speed: ${CORES} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; median of ${RUNS} runs (fit phase), ${WHOLE_RUNS} whole runs; Node ${process.version}`,
  );
  // "all cores" runs on a warm pool (threads started and JIT-compiled by a first run), as a long-lived worker
  // process would; the whole runs below start their threads cold, as the command does.
  const pool = new WorkerPool(CORES);
  console.log('model   curves  samples  1 thread fits/s  all cores fits/s  accuracy');
  const endToEnd: string[] = [];
  const versus: string[] = [];
  try {
    for (const model of (['2cxm', 'etm'] as const).filter((m) => MODELS.includes(m))) {
      const { file, repeat } = OSIPI_REPEATS[model];
      const unique = readKineticCurvesCsv(readFileSync(osipiFixture(file), 'utf8'), 'osipi', file);
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
      const rate = (ms: number) => (curves.length * 1000) / ms;
      const py = runDcmri(root, osipiFixture(file), model, model === '2cxm' ? 1 : 4);
      if (py) {
        versus.push(
          `${model.padEnd(6)} ours ${Math.round(rate(one))} fits/s (1 thread), ${pass}/${unique.length} in tolerance, max |error| ${maxAbsErrors(model, fits, unique)}\n` +
            `${''.padEnd(6)} dcmri ${py.fits_per_s.toFixed(1)} fits/s (1 thread, ${py.fits} fits), ${py.passed}/${py.cases} in tolerance, max |error| ${format(py.max_abs_error)}\n` +
            `${''.padEnd(6)} ratio ${Math.round(rate(one) / py.fits_per_s)}x`,
        );
      }
      const big = join(tmp, `${model}_x${repeat}.csv`);
      writeRepeatedOsipi(model, big);
      const whole: number[] = [];
      for (const threads of [CORES, 1]) {
        const { ms, processMs } = wholeRunTimes(model, big, threads, WHOLE_RUNS);
        whole.push(median(ms));
        endToEnd.push(
          `${model.padEnd(6)} whole run, ${threads} thread(s): ${Math.round(rate(median(ms)))} fits/s (runs: ${ms.map((t) => `${Math.round(t)}`).join(', ')} ms); whole process with Node's start-up ${Math.round(median(processMs))} ms`,
        );
      }
      endToEnd.push(
        `${''.padEnd(6)} fit phase alone, ${CORES} thread(s): ${Math.round(rate(all))} fits/s (1 thread: ${Math.round(rate(one))})`,
      );
      const llsq = model === '2cxm' ? runOsipiLlsq(root, osipiFixture(file), repeat) : null;
      if (llsq) {
        endToEnd.push(
          `${''.padEnd(6)} OSIPI linear fitter (osipi_llsq.py, numpy ${llsq.numpy}, 1 thread): ${Math.round(llsq.fits_per_s)} fits/s, ${llsq.passed}/${llsq.cases} in tolerance\n` +
            `${''.padEnd(6)} ratios to it: whole run ${(rate(whole[0]) / llsq.fits_per_s).toFixed(2)}x, fit phase ${(rate(all) / llsq.fits_per_s).toFixed(2)}x (${CORES} threads)`,
        );
      }
    }
    for (const model of ['tofts', 'patlak', '2cum'].filter((m) => MODELS.includes(m))) {
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
  } finally {
    await pool.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  if (versus.length > 0) {
    console.log(
      '\nversus dcmri (same OSIPI curves, concentration fits, plasma AIF, Hct 0.42; see dcmri_fit.py):',
    );
    for (const v of versus) console.log(`  ${v}`);
  }
  if (endToEnd.length > 0) {
    console.log(
      '\nqtm fit end to end on the large OSIPI files (a fresh process per run; its --timing: read + parse + fit + write, Node start-up excluded):',
    );
    for (const w of endToEnd) console.log(`  ${w}`);
  }
  console.log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
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
