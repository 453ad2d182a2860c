/**
 * Bland-Altman agreement of estimates with a known truth (Bland JM, Altman DG, "Statistical methods for
 * assessing agreement between two methods of clinical measurement", Lancet 1986;i:307-310): the bias is the
 * mean difference and the 95% limits of agreement are bias +- 1.96 sd of the differences. Perfusion
 * parameters span decades and their errors grow with the value, so the differences are taken on a ratio
 * scale, as Bland and Altman advise for such data (log transform: Bland & Altman, Stat Methods Med Res
 * 1999;8:135, section 3): `relative` (est - true) / true, or `log` ln(est / true). The truth of a simulation
 * is exact, so it (not the mean of the two) is the reference. Differences are dimensionless.
 */
import { PerfusionInputError } from '../errors';

export type AgreementScale = 'relative' | 'log';

/** The difference of one estimate from its truth on `scale` (any one unit for both); NaN where undefined. */
export function agreementDifference(estimate: number, truth: number, scale: AgreementScale): number {
  if (!Number.isFinite(estimate) || !Number.isFinite(truth) || truth === 0) return Number.NaN;
  if (scale === 'relative') return (estimate - truth) / truth;
  return estimate > 0 && truth > 0 ? Math.log(estimate / truth) : Number.NaN;
}

/** Differences of estimates from truths, voxel by voxel (NaN where undefined, e.g. a failed fit). */
export function agreementDifferences(
  estimate: ArrayLike<number>,
  truth: ArrayLike<number>,
  scale: AgreementScale,
): Float64Array {
  if (estimate.length !== truth.length)
    throw new PerfusionInputError(
      'LENGTH_MISMATCH',
      `agreement needs one estimate per truth, got ${estimate.length} estimates and ${truth.length} truths`,
    );
  return Float64Array.from(estimate, (e, i) => agreementDifference(e, truth[i], scale));
}

/** The standard normal quantile of the 95% limits of agreement (Bland & Altman 1986). Dimensionless. */
export const LIMITS_OF_AGREEMENT_Z = 1.96;

export interface BlandAltman {
  /** Mean difference, and the sample sd (n - 1) of the differences: units of the differences. */
  bias: number;
  sd: number;
  /** bias -+ z sd (z 1.96 for 95%). */
  lower: number;
  upper: number;
  /** Finite differences used, and those left out (NaN: undefined differences). */
  count: number;
  skipped: number;
}

/** Bias and limits of agreement of `differences`; z = 1.96 gives the 95% limits. Needs 2 finite values. */
export function blandAltman(differences: ArrayLike<number>, z = LIMITS_OF_AGREEMENT_Z): BlandAltman {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < differences.length; i++)
    if (Number.isFinite(differences[i])) {
      n++;
      sum += differences[i];
    }
  if (n < 2)
    throw new PerfusionInputError(
      'TOO_FEW_VALUES',
      `Bland-Altman limits need at least 2 finite differences, got ${n} of ${differences.length}`,
    );
  const bias = sum / n;
  let ss = 0;
  for (let i = 0; i < differences.length; i++)
    if (Number.isFinite(differences[i])) ss += (differences[i] - bias) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  return { bias, sd, lower: bias - z * sd, upper: bias + z * sd, count: n, skipped: differences.length - n };
}
