/**
 * Tests comparing two AUCs, as pROC's roc.test(method = "delong"). Dimensionless.
 *
 * Paired (the same subjects scored twice; DeLong et al., Biometrics 1988):
 *   Z = (A1 - A2) / sqrt(V1 + V2 - 2 Cov12), p from the standard normal, CI = (A1 - A2) +- z_(1+level)/2 sd.
 * Unpaired (different or independent subjects; pROC's delong.unpaired.test):
 *   D = (A1 - A2) / sqrt(V1 + V2), Welch-Satterthwaite df = (V1 + V2)^2 / (V1^2/(N1 - 1) + V2^2/(N2 - 1)),
 *   N = positives + negatives of each curve, p from Student's t with df.
 */
import { PerfusionInputError } from '../errors';
import { delongCovariance, delongPlacements, delongVariance } from './delong';
import { normalCdf, normalQuantile } from './normal-distribution';
import type { ClassSplit } from './roc-auc';
import { studentTCdf } from './student-t-distribution';

/** `greater`: AUC1 > AUC2 is the alternative; `less`: AUC1 < AUC2. */
export type Alternative = 'two-sided' | 'greater' | 'less';

export interface PairedDelongTest {
  auc1: number;
  auc2: number;
  difference: number;
  /** Standard deviation of AUC1 - AUC2. */
  sd: number;
  z: number;
  pValue: number;
  alternative: Alternative;
  /** Confidence interval of AUC1 - AUC2 at `level` (not clipped). */
  differenceCi: [number, number];
  level: number;
}

export interface UnpairedDelongTest {
  auc1: number;
  auc2: number;
  difference: number;
  d: number;
  df: number;
  pValue: number;
  alternative: Alternative;
}

function pFromCdf(stat: number, cdf: (x: number) => number, alternative: Alternative): number {
  if (alternative === 'greater') return cdf(-stat);
  if (alternative === 'less') return cdf(stat);
  return Math.min(1, 2 * cdf(-Math.abs(stat)));
}

/** A statistic whose numerator is exactly 0 is 0 even when its denominator is 0 (identical curves). */
function ratio(difference: number, sd: number): number {
  return difference === 0 ? 0 : difference / sd;
}

/**
 * DeLong test of two oriented splits of the same subjects, in the same order within each class (as
 * splitByClass produces from one label array).
 */
export function pairedDelongTest(
  a: ClassSplit,
  b: ClassSplit,
  options: { alternative?: Alternative; level?: number } = {},
): PairedDelongTest {
  const alternative = options.alternative ?? 'two-sided';
  const level = options.level ?? 0.95;
  const pa = delongPlacements(a);
  const pb = delongPlacements(b);
  const variance = delongVariance(pa) + delongVariance(pb) - 2 * delongCovariance(pa, pb);
  const sd = Math.sqrt(Math.max(0, variance));
  const difference = pa.auc - pb.auc;
  const z = ratio(difference, sd);
  const half = normalQuantile((1 + level) / 2) * sd;
  return {
    auc1: pa.auc,
    auc2: pb.auc,
    difference,
    sd,
    z,
    pValue: pFromCdf(z, normalCdf, alternative),
    alternative,
    differenceCi: [difference - half, difference + half],
    level,
  };
}

/** pROC's unpaired DeLong test of two oriented splits (any subjects). */
export function unpairedDelongTest(
  a: ClassSplit,
  b: ClassSplit,
  options: { alternative?: Alternative } = {},
): UnpairedDelongTest {
  const alternative = options.alternative ?? 'two-sided';
  const pa = delongPlacements(a);
  const pb = delongPlacements(b);
  const v1 = delongVariance(pa);
  const v2 = delongVariance(pb);
  const n1 = a.positives.length + a.negatives.length;
  const n2 = b.positives.length + b.negatives.length;
  if (v1 + v2 === 0) {
    throw new PerfusionInputError(
      'ZERO_VARIANCE',
      'both AUCs have zero DeLong variance (perfectly separated or constant scores); the unpaired test is undefined',
    );
  }
  const difference = pa.auc - pb.auc;
  const d = ratio(difference, Math.sqrt(v1 + v2));
  const df = (v1 + v2) ** 2 / (v1 ** 2 / (n1 - 1) + v2 ** 2 / (n2 - 1));
  return {
    auc1: pa.auc,
    auc2: pb.auc,
    difference,
    d,
    df,
    pValue: pFromCdf(d, (x) => studentTCdf(x, df), alternative),
    alternative,
  };
}
