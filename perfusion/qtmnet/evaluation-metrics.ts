/**
 * Error measures for estimated parameter maps against simulated ground truth over a voxel set: median
 * absolute relative error |est - true| / true (the acceptance measure; voxels with true value 0 or a
 * non-finite estimate are skipped and counted) and the Pearson correlation (for |u|). Units cancel: any
 * consistent unit for estimate and truth.
 */
import { PerfusionInputError } from '../errors';

export interface RelativeErrorSummary {
  median: number;
  /** Voxels that entered the median. */
  count: number;
  /** Voxels skipped (true value 0, or estimate not finite, e.g. a failed fit). */
  skipped: number;
}

export function medianAbsoluteRelativeError(
  estimate: ArrayLike<number>,
  truth: ArrayLike<number>,
  voxels: readonly number[],
): RelativeErrorSummary {
  const errors: number[] = [];
  for (const v of voxels) {
    const e = estimate[v];
    const t = truth[v];
    if (t !== 0 && Number.isFinite(e) && Number.isFinite(t)) errors.push(Math.abs(e - t) / Math.abs(t));
  }
  errors.sort((a, b) => a - b);
  const n = errors.length;
  const median =
    n === 0 ? Number.NaN : n % 2 === 1 ? errors[(n - 1) / 2] : (errors[n / 2 - 1] + errors[n / 2]) / 2;
  return { median, count: n, skipped: voxels.length - n };
}

/** Pearson r of estimate and truth over `voxels` (at least 2 with non-zero spread). */
export function pearsonCorrelation(
  estimate: ArrayLike<number>,
  truth: ArrayLike<number>,
  voxels: readonly number[],
): number {
  if (voxels.length < 2)
    throw new PerfusionInputError(
      'TOO_FEW_VOXELS',
      `Pearson r needs at least 2 voxels, got ${voxels.length}`,
    );
  let mx = 0;
  let my = 0;
  for (const v of voxels) {
    mx += estimate[v];
    my += truth[v];
  }
  mx /= voxels.length;
  my /= voxels.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const v of voxels) {
    const dx = estimate[v] - mx;
    const dy = truth[v] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}
