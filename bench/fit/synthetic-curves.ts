/**
 * Synthetic tissue curves for the fitting benchmarks: Parker plasma AIF (Hct 0.42, onset 10 s), the OSIPI
 * time grid (600 samples, 0.25..299.75 s) unless told otherwise, parameters drawn uniformly (seeded) from the
 * ranges below (OSIPI units), Gaussian noise of a given SD (mM).
 */
import { parkerPlasmaAif } from '../../perfusion/aif/parker-aif';
import type { CurveToFit } from '../../perfusion/fit/curve-batch';
import { modelCurve, namedParameters } from '../../perfusion/models/model-curve';
import { kineticModel } from '../../perfusion/models/model-registry';
import { createSeededRandom, type SeededRandom } from '../../perfusion/random/seeded-random';

/** Uniform ranges per model, in OSIPI units and the model's parameter order (see perfusion/models). */
export const PARAMETER_RANGES: Record<string, Array<[number, number]>> = {
  '2cxm': [
    [10, 100],
    [0.02, 0.2],
    [0.02, 0.1],
    [0.1, 0.4],
  ], // fp, ps, vp, ve
  etm: [
    [0.02, 0.3],
    [0.1, 0.5],
    [0.01, 0.1],
  ], // Ktrans, ve, vp
  tofts: [
    [0.02, 0.3],
    [0.1, 0.5],
  ], // Ktrans, ve
  patlak: [
    [0.005, 0.05],
    [0.01, 0.1],
  ], // Ktrans (ps), vp
  '2cum': [
    [10, 100],
    [0.02, 0.2],
    [0.02, 0.1],
  ], // fp, ps, vp
};

export function osipiTimeGrid(): Float64Array {
  return Float64Array.from({ length: 600 }, (_, i) => 0.25 + 0.5 * i);
}

export function gaussian(rng: SeededRandom): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/** Model curve (mM) for SI parameters `p` on grid `t` with AIF `ca` on the same grid, plus noise SD `sigma` (mM). */
export function simulateCurve(
  model: string,
  p: Float64Array,
  t: Float64Array,
  ca: Float64Array,
  sigma: number,
  rng: SeededRandom,
): Float64Array {
  const out = modelCurve(model, namedParameters(model, p), { times: t, plasma: ca }, t);
  for (let i = 0; i < out.length; i++) out[i] += sigma * gaussian(rng);
  return out;
}

/** `count` curves of `model` with random parameters; returns the curves and the true SI parameters. */
export function syntheticCurves(
  model: string,
  count: number,
  sigma: number,
  seed: number,
  t = osipiTimeGrid(),
): { curves: CurveToFit[]; truth: Float64Array[] } {
  const rng = createSeededRandom(seed);
  const ca = parkerPlasmaAif(t, { hct: 0.42, onsetS: 10 });
  const specs = kineticModel(model).parameters;
  const curves: CurveToFit[] = [];
  const truth: Float64Array[] = [];
  for (let k = 0; k < count; k++) {
    const p = Float64Array.from(
      PARAMETER_RANGES[model],
      ([lo, hi], j) => (lo + (hi - lo) * rng.next()) / specs[j].toOsipi,
    );
    truth.push(p);
    curves.push({ label: `${model}_${k}`, t, ct: simulateCurve(model, p, t, ca, sigma, rng), ta: t, ca });
  }
  return { curves, truth };
}
