/**
 * Failed or non-identifiable estimates, voxel by voxel, as the estimators already report them: a kinetic fit's
 * status (fit/volume-fit.ts: 0 clean; 1 flagged, a parameter at its bound or near-equal exponential roots, so
 * not identifiable from the curve; 2 skipped, a curve with non-finite samples), and for any estimator a
 * non-finite parameter. The rate over a voxel set is the mean of the indicators. Dimensionless.
 */
import { PerfusionInputError } from '../errors';

/** 1 where a voxel's estimate failed or is not identifiable, else 0. `status` absent: QTMnet (no fit status). */
export function fitFailureIndicators(
  estimates: readonly ArrayLike<number>[],
  status?: ArrayLike<number>,
): Float64Array {
  const n = status?.length ?? estimates[0]?.length ?? 0;
  if (estimates.some((e) => e.length !== n))
    throw new PerfusionInputError(
      'LENGTH_MISMATCH',
      `every parameter needs one estimate per voxel (${n} voxels); got ${estimates.map((e) => e.length).join(', ')}`,
    );
  return Float64Array.from({ length: n }, (_, v) =>
    (status !== undefined && status[v] !== 0) || estimates.some((e) => !Number.isFinite(e[v])) ? 1 : 0,
  );
}

/** Mean of 0/1 indicators: the failed-fit rate (NaN for no voxels). */
export function failureRate(indicators: ArrayLike<number>): number {
  let failed = 0;
  for (let i = 0; i < indicators.length; i++) failed += indicators[i];
  return failed / indicators.length;
}
