/**
 * Checks on sampled curves shared by every entry that takes them (the fitter in fit/, the plain forward model
 * here): one value per time, finite values, strictly increasing times. Each throws a PerfusionInputError
 * (LENGTH_MISMATCH, NON_FINITE_VALUE, TIMES_NOT_INCREASING) that names the curve, the sample and the fix.
 */
import { PerfusionInputError } from '../errors';

/** `times` (s) and `values` (mM) of the `what` curve ('tissue', 'AIF') must have one value per time. */
export function checkSameLength(
  times: Float64Array,
  values: Float64Array,
  where: string,
  what: string,
): void {
  if (times.length !== values.length) {
    throw new PerfusionInputError(
      'LENGTH_MISMATCH',
      `${where}: ${times.length} ${what} times but ${values.length} ${what} concentrations; give one time per sample`,
    );
  }
}

/** Every entry of `values` (`what`, e.g. 'AIF time') must be finite. */
export function checkFinite(values: Float64Array, where: string, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new PerfusionInputError(
        'NON_FINITE_VALUE',
        `${where}: ${what} ${i + 1} is ${values[i]}; remove or interpolate missing samples`,
      );
    }
  }
}

/**
 * Tissue times `t` (s), AIF times `ta` (s) and plasma AIF `ca` (mM) must be finite, and both time axes must
 * increase strictly: the convolution steps from one sample to the next.
 */
export function checkSampling(t: Float64Array, ta: Float64Array, ca: Float64Array, where: string): void {
  checkFinite(t, where, 'tissue time');
  checkFinite(ta, where, 'AIF time');
  checkFinite(ca, where, 'AIF concentration');
  checkIncreasing(t, where, 'tissue times');
  checkIncreasing(ta, where, 'AIF times');
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
