/**
 * Parker population AIF: Parker GJM et al., "Experimentally-derived functional form for a population-averaged
 * high-temporal-resolution arterial input function for dynamic contrast-enhanced MRI", MRM 2006;56:993,
 * doi 10.1002/mrm.21066. Two Gaussians (first pass, recirculation) plus a sigmoid-modulated exponential
 * washout, fitted to whole blood in minutes; we evaluate it in seconds at the edges and return mM.
 */
import { PerfusionInputError } from '../errors';

/** Published parameters (Parker 2006, Table 1); t in minutes inside the formula. */
export const PARKER_2006 = {
  /** Areas of the first-pass and recirculation Gaussians, mmol.min (per L: mM.min). */
  a1: 0.809,
  a2: 0.33,
  /** Their centres and standard deviations, min. */
  t1: 0.17046,
  t2: 0.365,
  sigma1: 0.0563,
  sigma2: 0.132,
  /** Washout amplitude (mM) and rate (1/min), switched on by a sigmoid of slope s (1/min) centred at tau (min). */
  alpha: 1.05,
  beta: 0.1685,
  s: 38.078,
  tau: 0.483,
  /** Dose the curve was fitted for, mmol/kg (scale concentrations by dose / this). */
  doseMmolPerKg: 0.1,
} as const;

export interface ParkerAifOptions {
  /** Bolus arrival: the AIF is zero before this time and the formula's t = 0 is placed here; s, default 0. */
  onsetS?: number;
}

/** Parker 2006 whole-blood concentration (mM) at one time `tS` (s). */
export function parkerBloodConcentration(tS: number, onsetS = 0): number {
  if (tS < onsetS) return 0;
  const t = (tS - onsetS) / 60;
  const p = PARKER_2006;
  const g1 =
    (p.a1 / (p.sigma1 * Math.sqrt(2 * Math.PI))) * Math.exp(-((t - p.t1) ** 2) / (2 * p.sigma1 * p.sigma1));
  const g2 =
    (p.a2 / (p.sigma2 * Math.sqrt(2 * Math.PI))) * Math.exp(-((t - p.t2) ** 2) / (2 * p.sigma2 * p.sigma2));
  const washout = (p.alpha * Math.exp(-p.beta * t)) / (1 + Math.exp(-p.s * (t - p.tau)));
  return g1 + g2 + washout;
}

/** Parker 2006 whole-blood AIF (mM) sampled at times `tS` (s). */
export function parkerBloodAif(tS: Float64Array, options: ParkerAifOptions = {}): Float64Array {
  const onset = options.onsetS ?? 0;
  const out = new Float64Array(tS.length);
  for (let i = 0; i < tS.length; i++) out[i] = parkerBloodConcentration(tS[i], onset);
  return out;
}

/**
 * Parker 2006 plasma AIF (mM) at times `tS` (s): blood / (1 - hct), since the tracer stays in plasma.
 * `hct` is the large-vessel haematocrit (fraction, default 0.42 as in OSIPI's 2CXM test data).
 */
export function parkerPlasmaAif(
  tS: Float64Array,
  options: ParkerAifOptions & { hct?: number } = {},
): Float64Array {
  const hct = options.hct ?? 0.42;
  const blood = parkerBloodAif(tS, options);
  return bloodToPlasma(blood, hct);
}

/** Converts a whole-blood concentration curve (mM) to plasma (mM) in place-free fashion: c_p = c_b / (1 - hct). */
export function bloodToPlasma(blood: Float64Array, hct: number): Float64Array {
  if (!(hct >= 0 && hct < 1)) {
    throw new PerfusionInputError(
      'INVALID_HCT',
      `haematocrit ${hct} is outside [0, 1); pass a fraction such as 0.42`,
    );
  }
  const out = new Float64Array(blood.length);
  for (let i = 0; i < blood.length; i++) out[i] = blood[i] / (1 - hct);
  return out;
}
