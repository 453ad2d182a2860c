/**
 * Bolus arrival in a curve averaged over many voxels (so noise is small): the first frame whose rise above the
 * first sample reaches `fraction` of the curve's largest rise. The frames before it are pre-contrast and give
 * the baseline signal S0 of the SPGR conversion; a threshold rule of this kind is the simplest of the arrival
 * estimators, adequate where the first pass is sharp against the frame interval (DCE-MRI of the brain).
 */
import { PerfusionInputError } from '../errors';

/** Index of the first frame of `curve` (any unit) that has risen by `fraction` (0..1) of the maximum rise. */
export function bolusArrivalFrame(curve: ArrayLike<number>, fraction = 0.1): number {
  if (curve.length < 2 || !(fraction > 0 && fraction <= 1))
    throw new PerfusionInputError(
      'INVALID_CURVE',
      `bolus arrival needs >= 2 samples and a fraction in (0, 1]; got ${curve.length} samples, fraction ${fraction}`,
    );
  let rise = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < curve.length; i++) rise = Math.max(rise, curve[i] - curve[0]);
  if (!(rise > 0))
    throw new PerfusionInputError(
      'NO_ENHANCEMENT',
      'the mean curve never rises above its first sample: no contrast arrival to find; give the baseline length explicitly',
    );
  let f = 1;
  while (curve[f] - curve[0] < fraction * rise) f++;
  return f;
}
