/**
 * Individual AIFs around Parker's population curve (parker-aif.ts), for subjects whose injection and
 * circulation differ. Each term of Parker's formula is changed by one physiological cause:
 *  - dose: every term scales with dose / 0.1 mmol/kg (linear pharmacokinetics of extracellular agents);
 *  - cardiac output (CO): transits through heart and lungs scale with 1/CO, so the first pass, the
 *    recirculation and the washout's onset stretch in time by k = CO_ref / CO, and the areas of the first pass
 *    and recirculation scale by k too (Stewart-Hamilton: the area under a passage is dose / flow; Stewart,
 *    J Physiol 1897;22:159; Hamilton et al., Am J Physiol 1932;99:534);
 *  - injection duration T: a rectangular injection gives the instantaneous curve convolved with a box of width
 *    T (mean T/2, variance T^2/12). Parker's Gaussians already hold a reference injection T_ref, so their centres
 *    move by (T - T_ref)/2 and their variances grow by (T^2 - T_ref^2)/12: moment matching, the Gaussian keeps
 *    the convolution's area, mean and variance;
 *  - haematocrit: after mixing, the plasma level is dose / distribution volume whatever the Hct, so the blood
 *    washout scales by (1 - Hct)/(1 - Hct_ref); the first-pass blood area (dose / blood flow) does not change;
 *  - recirculation and washout-rate factors multiply the second Gaussian's area and the washout rate.
 * With every factor at its reference the curve is Parker's. Units: s and mM at the edges, minutes inside.
 */
import { PerfusionInputError } from '../errors';
import { bloodToPlasma, PARKER_2006 } from './parker-aif';

export interface ParkerFamilyParameters {
  /** Bolus onset at the artery (the formula's t = 0), s. */
  onsetS: number;
  /** Dose, mmol/kg. */
  doseMmolPerKg: number;
  /** CO_ref / CO, dimensionless (> 1: slower circulation, later and wider first pass). */
  timeScale: number;
  /** Injection duration, and the duration Parker's curve is taken to include, s. */
  injectionS: number;
  referenceInjectionS: number;
  /** Factor on the recirculation peak's area, and on the washout rate (dimensionless, 1 = Parker's). */
  recirculation: number;
  washoutRate: number;
  /** Large-vessel haematocrit of the subject, and the one Parker's blood curve is taken at (fractions). */
  hct: number;
  referenceHct: number;
}

/**
 * Variance (min^2) of a Parker Gaussian of sd `sigmaMin` (min) stretched by `timeScale` and widened from the
 * reference injection `referenceInjectionS` (s) to `injectionS` (s).
 */
export function widenedVarianceMin2(
  sigmaMin: number,
  timeScale: number,
  injectionS: number,
  referenceInjectionS: number,
): number {
  const s = sigmaMin * timeScale;
  return s * s + (injectionS * injectionS - referenceInjectionS * referenceInjectionS) / 12 / 3600;
}

/** The three terms of the family at one time `tS` (s): first pass, recirculation and washout, whole blood mM. */
export function parkerFamilyTerms(
  tS: number,
  p: ParkerFamilyParameters,
): { firstPass: number; recirculation: number; washout: number } {
  if (tS < p.onsetS) return { firstPass: 0, recirculation: 0, washout: 0 };
  const q = PARKER_2006;
  const t = (tS - p.onsetS) / 60;
  const k = p.timeScale;
  const shift = (p.injectionS - p.referenceInjectionS) / 2 / 60;
  const dose = p.doseMmolPerKg / q.doseMmolPerKg;
  const gaussian = (area: number, centre: number, sigma: number) => {
    const v = widenedVarianceMin2(sigma, k, p.injectionS, p.referenceInjectionS);
    const d = t - centre * k - shift;
    return (area / Math.sqrt(2 * Math.PI * v)) * Math.exp(-(d * d) / (2 * v));
  };
  const level = q.alpha * dose * ((1 - p.hct) / (1 - p.referenceHct));
  return {
    firstPass: gaussian(q.a1 * dose * k, q.t1, q.sigma1),
    recirculation: gaussian(q.a2 * dose * k * p.recirculation, q.t2, q.sigma2),
    washout:
      (level * Math.exp(-q.beta * p.washoutRate * t)) / (1 + Math.exp(-(q.s / k) * (t - q.tau * k - shift))),
  };
}

/** Plasma AIF (mM) of the family at times `tS` (s): blood / (1 - hct). */
export function parkerFamilyPlasmaAif(tS: Float64Array, p: ParkerFamilyParameters): Float64Array {
  const q = PARKER_2006;
  for (const sigma of [q.sigma1, q.sigma2])
    if (!(widenedVarianceMin2(sigma, p.timeScale, p.injectionS, p.referenceInjectionS) > 0))
      throw new PerfusionInputError(
        'INVALID_AIF',
        `an injection of ${p.injectionS} s with time scale ${p.timeScale} leaves the first pass no width (reference injection ${p.referenceInjectionS} s); lengthen the injection or shorten the reference`,
      );
  const blood = tS.map((t) => {
    const { firstPass, recirculation, washout } = parkerFamilyTerms(t, p);
    return firstPass + recirculation + washout;
  });
  return bloodToPlasma(blood, p.hct);
}
