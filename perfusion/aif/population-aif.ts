/**
 * A population AIF for one subject: Parker's curve (parker-aif.ts; Parker et al., MRM 2006;56:993) scaled by
 * the subject's dose, converted to plasma with an assumed haematocrit, and placed in time by the subject's
 * own data. Extracellular gadolinium agents follow linear kinetics, so concentrations scale with dose / the
 * 0.1 mmol/kg Parker's cohort received; the shape and the haematocrit are the population's, which is what
 * such an AIF cannot know about a subject.
 *
 * Timing: the bolus arrival is taken from the measured arterial curve, whose amplitude partial volume
 * corrupts but whose timing it does not. The onset (the formula's t = 0) is the one at which Parker's curve,
 * with a free non-negative amplitude, fits the measured curve best in least squares (template matching),
 * searched on a fixed grid; only the timing of the fit is kept.
 */
import { PerfusionInputError } from '../errors';
import { PARKER_2006, parkerBloodAif, parkerPlasmaAif } from './parker-aif';

export interface PopulationAifOptions {
  /** Dose the subject received, mmol/kg. */
  doseMmolPerKg: number;
  /** Assumed large-vessel haematocrit, fraction (0.42 when unknown). */
  hct: number;
  /** Bolus onset, s: the Parker formula's t = 0 (estimateParkerOnsetS). */
  onsetS: number;
}

/** Parker's plasma AIF (mM) at times `tS` (s), scaled by dose / 0.1 mmol/kg. */
export function populationPlasmaAif(tS: Float64Array, o: PopulationAifOptions): Float64Array {
  if (!(o.doseMmolPerKg > 0))
    throw new PerfusionInputError(
      'INVALID_DOSE',
      `the dose must be a positive number of mmol/kg (got ${o.doseMmolPerKg}); protocol.json dose_mmol_per_kg holds it`,
    );
  const k = o.doseMmolPerKg / PARKER_2006.doseMmolPerKg;
  return parkerPlasmaAif(tS, { onsetS: o.onsetS, hct: o.hct }).map((v) => v * k);
}

/** Search grid of the onset: from this long before the first sample to the measured curve's peak, s. */
const SEARCH_BEFORE_FIRST_SAMPLE_S = 20;
/** Onset grid step, s. */
const SEARCH_STEP_S = 0.1;

/**
 * The Parker onset (s) that best explains a measured arterial curve (`tS` s, `c` mM, any scale) up to an
 * amplitude: argmax over onsets of <c, p>^2 / <p, p> with <c, p> > 0, p the Parker curve at that onset.
 */
export function estimateParkerOnsetS(tS: Float64Array, c: ArrayLike<number>): number {
  if (tS.length !== c.length || tS.length < 3)
    throw new PerfusionInputError(
      'INVALID_CURVE',
      `onset estimation needs a curve of at least 3 samples with one time each (got ${tS.length} times, ${c.length} values)`,
    );
  let peakAt = 0;
  for (let i = 1; i < c.length; i++) if (c[i] > c[peakAt]) peakAt = i;
  if (peakAt === 0 || !(c[peakAt] > c[0]))
    throw new PerfusionInputError(
      'NO_ENHANCEMENT',
      `the arterial curve never rises above its first sample (peak ${c[peakAt]} mM at ${tS[peakAt]} s), so the bolus arrival cannot be placed; check aif.csv`,
    );
  let best = { onsetS: Number.NaN, score: 0 };
  const first = tS[0] - SEARCH_BEFORE_FIRST_SAMPLE_S;
  const steps = Math.floor((tS[peakAt] - first) / SEARCH_STEP_S);
  for (let k = 0; k <= steps; k++) {
    const onsetS = first + k * SEARCH_STEP_S;
    const p = parkerBloodAif(tS, { onsetS });
    let cp = 0;
    let pp = 0;
    for (let i = 0; i < p.length; i++) {
      cp += c[i] * p[i];
      pp += p[i] * p[i];
    }
    const score = cp > 0 && pp > 0 ? (cp * cp) / pp : 0;
    if (score > best.score) best = { onsetS, score };
  }
  if (Number.isNaN(best.onsetS))
    throw new PerfusionInputError(
      'NO_ENHANCEMENT',
      'no onset makes the Parker curve correlate positively with the arterial curve; check aif.csv',
    );
  return best.onsetS;
}
