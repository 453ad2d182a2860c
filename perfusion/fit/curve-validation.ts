/**
 * Checks a tissue curve and its AIF before fitting, so a bad file fails with a code and a message that names
 * the sample and the fix instead of producing NaN maps. Codes: LENGTH_MISMATCH, CURVE_TOO_SHORT,
 * NON_FINITE_VALUE, TIMES_NOT_INCREASING, AIF_ALL_ZERO.
 */
import { PerfusionInputError } from '../errors';
import { checkFinite, checkSameLength, checkSampling } from '../models/sampled-curve-checks';

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
  checkSameLength(t, ct, where, 'tissue');
  validateSampling(t, ta, ca, where, minSamples);
  checkFinite(ct, where, 'tissue concentration');
}

/**
 * The checks of validateCurve that involve the tissue concentrations, for a curve whose sampling (t, ta, ca)
 * has already passed validateSampling: the same errors in the same order.
 */
export function validateTissue(t: Float64Array, ct: Float64Array, where: string): void {
  checkSameLength(t, ct, where, 'tissue');
  checkFinite(ct, where, 'tissue concentration');
}

/** The checks on tissue times `t` (s) and the AIF (`ta` s, `ca` mM) alone: shared by every voxel of a volume. */
export function validateSampling(
  t: Float64Array,
  ta: Float64Array,
  ca: Float64Array,
  where: string,
  minSamples: number,
): void {
  checkSameLength(ta, ca, where, 'AIF');
  if (t.length < minSamples || ta.length < 2) {
    throw new PerfusionInputError(
      'CURVE_TOO_SHORT',
      `${where}: ${t.length} tissue and ${ta.length} AIF samples; the model needs at least ${minSamples} tissue and 2 AIF samples`,
    );
  }
  checkSampling(t, ta, ca, where);
  let anyNonZero = false;
  for (let i = 0; i < ca.length && !anyNonZero; i++) anyNonZero = ca[i] !== 0;
  if (!anyNonZero) {
    throw new PerfusionInputError(
      'AIF_ALL_ZERO',
      `${where}: the AIF is zero everywhere, so no model can explain the tissue curve; check the AIF column`,
    );
  }
}
