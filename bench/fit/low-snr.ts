/**
 * Bias and spread of 2CXM fits at low SNR: the 24 OSIPI 2CXM parameter sets (vp {0.02, 0.1} x ve {0.1, 0.2}
 * x fp {5, 25, 40} x ps {0.05, 0.15}) simulated as OSIPI did (Parker plasma AIF, Hct 0.42, onset 10 s, 600
 * samples at 0.5 s) with Gaussian noise SD 0.005, 0.01 and 0.02 mM, --realisations noisy copies each.
 * Per noise level and parameter: median relative bias, relative spread (robust SD = IQR/1.349) and the share
 * of fits within OSIPI's tolerance. Printed, not asserted.
 * Run: npm run build && node dist/bench/fit/low-snr.js [--realisations 40] [--fit-delay]
 */
import { parkerPlasmaAif } from '../../perfusion/aif/parker-aif';
import { CurveFitter } from '../../perfusion/fit/curve-fitter';
import { OSIPI_TOLERANCE, withinTolerance } from '../../perfusion/fit/osipi-tolerance';
import { KINETIC_MODELS } from '../../perfusion/models/model-registry';
import { createSeededRandom } from '../../perfusion/random/seeded-random';
import { median } from './fit-speed-stats';
import { osipiTimeGrid, simulateCurve } from './synthetic-curves';

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const i = q * (s.length - 1);
  const lo = Math.floor(i);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo);
}

function main(): void {
  const i = process.argv.indexOf('--realisations');
  const realisations = i >= 0 ? Number(process.argv[i + 1]) : 40;
  const fitDelay = process.argv.includes('--fit-delay');
  const model = KINETIC_MODELS['2cxm'];
  const names = model.parameters.map((s) => s.osipiName);
  const t = osipiTimeGrid();
  const ca = parkerPlasmaAif(t, { hct: 0.42, onsetS: 10 });
  const sets: Record<string, number>[] = [];
  for (const vp of [0.02, 0.1])
    for (const ve of [0.1, 0.2])
      for (const fp of [5, 25, 40]) for (const ps of [0.05, 0.15]) sets.push({ fp, ps, vp, ve });
  const fitter = new CurveFitter(model);
  console.log(
    `low-snr: 2CXM, 24 OSIPI parameter sets x ${realisations} noise realisations${fitDelay ? ', delay fitted' : ''}`,
  );
  console.log('sigma mM  param  median rel. bias  rel. spread (IQR/1.349)  in OSIPI tolerance');
  for (const sigma of [0.005, 0.01, 0.02]) {
    const rng = createSeededRandom(Math.round(sigma * 1e6));
    const rel: number[][] = names.map(() => []);
    const inTol = names.map(() => 0);
    let total = 0;
    for (const truth of sets) {
      const p = Float64Array.from(model.parameters, (s) => truth[s.osipiName] / s.toOsipi);
      for (let r = 0; r < realisations; r++) {
        const fit = fitter.fit(t, simulateCurve('2cxm', p, t, ca, sigma, rng), t, ca, { fitDelay });
        total++;
        names.forEach((name, j) => {
          const est = fit.params[j] * model.parameters[j].toOsipi;
          rel[j].push(est / truth[name] - 1);
          if (withinTolerance(est, truth[name], OSIPI_TOLERANCE[name].atol, OSIPI_TOLERANCE[name].rtol))
            inTol[j]++;
        });
      }
    }
    names.forEach((name, j) => {
      const spread = (quantile(rel[j], 0.75) - quantile(rel[j], 0.25)) / 1.349;
      const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
      console.log(
        `${String(sigma).padEnd(8)}  ${name.padEnd(5)}  ${pct(median(rel[j])).padStart(16)}  ${pct(spread).padStart(23)}  ${pct(inTol[j] / total).padStart(18)}`,
      );
    });
  }
}

main();
