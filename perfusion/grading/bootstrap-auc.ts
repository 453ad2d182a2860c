/**
 * Stratified bootstrap percentile interval of the AUC, as pROC's ci.auc(method = "bootstrap"): positives
 * and negatives are resampled with replacement separately (class sizes fixed), the direction is kept
 * fixed, and the interval is R's type-7 quantiles of the replicate AUCs (Carpenter & Bithell, Stat Med
 * 2000, percentile method). Dimensionless. Seeded, so the same seed gives the same interval.
 */
import { PerfusionInputError } from '../errors';
import { quantileSorted } from '../math/quantile';
import { createSeededRandom } from '../random/seeded-random';
import { type ClassSplit, mannWhitneyAuc } from './roc-auc';

export interface BootstrapOptions {
  /** Number of bootstrap replicates (pROC's default is 2000). */
  replicates: number;
  seed: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
  /** Called with (done, total) every 100 replicates. */
  onProgress?: (done: number, total: number) => void;
}

export interface BootstrapInterval {
  lower: number;
  upper: number;
  replicates: number;
  seed: number;
}

/** Bootstrap interval for an oriented split (higher predicts positive). */
export function bootstrapAucInterval(split: ClassSplit, options: BootstrapOptions): BootstrapInterval {
  const { replicates, seed, level } = options;
  if (!Number.isInteger(replicates) || replicates < 2) {
    throw new PerfusionInputError(
      'INVALID_BOOTSTRAP',
      `bootstrap replicates must be an integer >= 2, got ${replicates}`,
    );
  }
  if (!(level > 0 && level < 1)) {
    throw new PerfusionInputError('INVALID_LEVEL', `confidence level must be in (0, 1), got ${level}`);
  }
  const aucs = new Float64Array(replicates);
  forEachStratifiedResample(split, replicates, seed, (sample, r) => {
    aucs[r] = mannWhitneyAuc(sample);
    if (options.onProgress && (r + 1) % 100 === 0) options.onProgress(r + 1, replicates);
  });
  aucs.sort();
  const alpha = 1 - level;
  return {
    lower: quantileSorted(aucs, alpha / 2),
    upper: quantileSorted(aucs, 1 - alpha / 2),
    replicates,
    seed,
  };
}

/**
 * Calls `visit` with `replicates` stratified resamples of `split` (each class resampled with replacement at
 * its own size). The sample object is reused between calls: copy what must outlive the call.
 */
export function forEachStratifiedResample(
  split: ClassSplit,
  replicates: number,
  seed: number,
  visit: (sample: ClassSplit, replicate: number) => void,
): void {
  const rng = createSeededRandom(seed);
  const m = split.positives.length;
  const n = split.negatives.length;
  const sample: ClassSplit = { positives: new Float64Array(m), negatives: new Float64Array(n) };
  for (let r = 0; r < replicates; r++) {
    for (let i = 0; i < m; i++) sample.positives[i] = split.positives[rng.nextInt(m)];
    for (let j = 0; j < n; j++) sample.negatives[j] = split.negatives[rng.nextInt(n)];
    visit(sample, r);
  }
}
