/**
 * Pointwise confidence band of an ROC curve: the sensitivity at fixed false-positive rates, bootstrapped
 * with stratified resampling (pROC's ci.se; Carpenter & Bithell, Stat Med 2000, percentile method). The
 * empirical curve is a step function: at false-positive rate f its sensitivity is the highest TPR reached
 * with FPR <= f. Dimensionless rates in [0, 1].
 */
import { PerfusionInputError } from '../errors';
import { quantileSorted } from '../math/quantile';
import { forEachStratifiedResample } from './bootstrap-auc';
import { type ClassSplit, type RocPoint, rocCurve } from './roc-auc';

export interface RocBandPoint {
  falsePositiveRate: number;
  lower: number;
  upper: number;
}

/** Sensitivity of an empirical curve at false-positive rate `f` (curve from rocCurve, FPR ascending). */
export function sensitivityAt(curve: readonly RocPoint[], f: number): number {
  let best = 0;
  for (const p of curve) if (p.falsePositiveRate <= f + 1e-12) best = Math.max(best, p.truePositiveRate);
  return best;
}

/** Band for an oriented split on `gridPoints` evenly spaced false-positive rates from 0 to 1. */
export function rocConfidenceBand(
  split: ClassSplit,
  options: { replicates: number; seed: number; level?: number; gridPoints?: number },
): RocBandPoint[] {
  const level = options.level ?? 0.95;
  const k = options.gridPoints ?? 51;
  if (!Number.isInteger(options.replicates) || options.replicates < 2 || !Number.isInteger(k) || k < 2) {
    throw new PerfusionInputError(
      'INVALID_BOOTSTRAP',
      `a band needs integer replicates >= 2 and grid points >= 2, got ${options.replicates} and ${k}`,
    );
  }
  const grid = Array.from({ length: k }, (_, i) => i / (k - 1));
  const samples = grid.map(() => new Float64Array(options.replicates));
  forEachStratifiedResample(split, options.replicates, options.seed, (sample, r) => {
    const curve = rocCurve(sample);
    grid.forEach((f, i) => {
      samples[i][r] = sensitivityAt(curve, f);
    });
  });
  const alpha = 1 - level;
  return grid.map((f, i) => {
    const sorted = samples[i].sort();
    return {
      falsePositiveRate: f,
      lower: quantileSorted(sorted, alpha / 2),
      upper: quantileSorted(sorted, 1 - alpha / 2),
    };
  });
}
