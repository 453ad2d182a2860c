/**
 * Moving curves between time grids and in time: linear interpolation (the same piecewise-linear reading of a
 * sampled curve that the exact convolution in models/ assumes), and an onset delay as a shift in time.
 */
import { PerfusionInputError } from '../errors';

/**
 * Linearly interpolates samples (`t` in s, strictly increasing; `y` in any unit) at times `tNew` (s).
 * Outside the sampled range the end values are held (numpy.interp semantics).
 */
export function resampleLinear(t: Float64Array, y: Float64Array, tNew: Float64Array): Float64Array {
  if (t.length !== y.length || t.length === 0) {
    throw new PerfusionInputError(
      'LENGTH_MISMATCH',
      `resampling needs as many times as values (got ${t.length} and ${y.length}), at least one`,
    );
  }
  const out = new Float64Array(tNew.length);
  let j = 0;
  for (let i = 0; i < tNew.length; i++) {
    const x = tNew[i];
    if (x <= t[0]) out[i] = y[0];
    else if (x >= t[t.length - 1]) out[i] = y[y.length - 1];
    else {
      if (x < t[j]) j = 0; // tNew need not be sorted; restart the scan
      while (t[j + 1] < x) j++;
      const w = (x - t[j]) / (t[j + 1] - t[j]);
      out[i] = y[j] + w * (y[j + 1] - y[j]);
    }
  }
  return out;
}

/**
 * The curve delayed by `delayS` (s; positive = later arrival), sampled back on its own grid `t` (s):
 * out(t) = y(t - delay), linear interpolation, end values held outside the sampled range.
 */
export function delayCurve(t: Float64Array, y: Float64Array, delayS: number): Float64Array {
  const shifted = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) shifted[i] = t[i] - delayS;
  return resampleLinear(t, y, shifted);
}
