/**
 * Checks a tissue curve and its AIF before fitting, so a bad file fails with a code and a message that names
 * the sample and the fix instead of producing NaN maps. Codes: LENGTH_MISMATCH, CURVE_TOO_SHORT,
 * NON_FINITE_VALUE, TIMES_NOT_INCREASING, AIF_ALL_ZERO.
 */
import { PerfusionInputError } from '../errors';

/**
 * Validates tissue times `t` (s) and concentrations `ct` (mM), AIF times `ta` (s) and plasma AIF `ca` (mM).
 * `where` names the curve in messages (e.g. 'case "case_3"'); `minSamples` is the model's parameter count + 1.
 */
export function validateCurve(
  t: Float64Array,
  ct: Float64Array,
  ta: Float64Array,
  ca: Float64Array,
  where: string,
  minSamples: number,
): void {
  checkTissueLength(t, ct, where);
  validateSampling(t, ta, ca, where, minSamples);
  checkFinite(ct, where, 'tissue concentration');
}

/**
 * The checks of validateCurve that involve the tissue concentrations, for a curve whose sampling (t, ta, ca)
 * has already passed validateSampling: the same errors in the same order.
 */
export function validateTissue(t: Float64Array, ct: Float64Array, where: string): void {
  checkTissueLength(t, ct, where);
  checkFinite(ct, where, 'tissue concentration');
}

function checkTissueLength(t: Float64Array, ct: Float64Array, where: string): void {
  if (t.length !== ct.length) {
    throw new PerfusionInputError(
      'LENGTH_MISMATCH',
      `${where}: ${t.length} tissue times but ${ct.length} tissue concentrations; give one time per sample`,
    );
  }
}

/** The checks on tissue times `t` (s) and the AIF (`ta` s, `ca` mM) alone: shared by every voxel of a volume. */
export function validateSampling(
  t: Float64Array,
  ta: Float64Array,
  ca: Float64Array,
  where: string,
  minSamples: number,
): void {
  if (ta.length !== ca.length) {
    throw new PerfusionInputError(
      'LENGTH_MISMATCH',
      `${where}: ${ta.length} AIF times but ${ca.length} AIF concentrations; give one time per sample`,
    );
  }
  if (t.length < minSamples || ta.length < 2) {
    throw new PerfusionInputError(
      'CURVE_TOO_SHORT',
      `${where}: ${t.length} tissue and ${ta.length} AIF samples; the model needs at least ${minSamples} tissue and 2 AIF samples`,
    );
  }
  checkFinite(t, where, 'tissue time');
  checkFinite(ta, where, 'AIF time');
  checkFinite(ca, where, 'AIF concentration');
  checkIncreasing(t, where, 'tissue times');
  checkIncreasing(ta, where, 'AIF times');
  let anyNonZero = false;
  for (let i = 0; i < ca.length && !anyNonZero; i++) anyNonZero = ca[i] !== 0;
  if (!anyNonZero) {
    throw new PerfusionInputError(
      'AIF_ALL_ZERO',
      `${where}: the AIF is zero everywhere, so no model can explain the tissue curve; check the AIF column`,
    );
  }
}

function checkFinite(values: Float64Array, where: string, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new PerfusionInputError(
        'NON_FINITE_VALUE',
        `${where}: ${what} ${i + 1} is ${values[i]}; remove or interpolate missing samples`,
      );
    }
  }
}

function checkIncreasing(times: Float64Array, where: string, what: string): void {
  for (let i = 1; i < times.length; i++) {
    if (!(times[i] > times[i - 1])) {
      throw new PerfusionInputError(
        'TIMES_NOT_INCREASING',
        `${where}: ${what} must increase strictly, but sample ${i + 1} (${times[i]} s) follows ${times[i - 1]} s; sort or de-duplicate the times`,
      );
    }
  }
}
