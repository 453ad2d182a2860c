/**
 * Label-permutation tests of nested-CV AUCs (Ojala & Garriga, JMLR 2010, test 1): the class labels are
 * shuffled, and for each shuffle the whole nested cross-validation (folds, per-fold feature selection,
 * scoring) is rerun for every method on the same shuffled labels. AUCs are dimensionless.
 *
 * - Each method against chance: p = (1 + #{AUC_perm >= AUC_obs}) / (1 + B) (one-sided).
 * - Each pair of methods: T = AUC_a - AUC_b, p = (1 + #{|T_perm| >= |T_obs|}) / (1 + B) (two-sided).
 * Counting the observed labelling among the permutations keeps p > 0 and the test exact for random
 * permutations (Phipson & Smyth, Stat Appl Genet Mol Biol 2010).
 *
 * What the pair test assumes: a shuffle makes every feature of every method unrelated to the class, so its
 * null is "the AUC difference of two uninformative methods on the same subjects". When both methods carry
 * information the observed difference varies less than that null (AUCs near 1 vary less than near 0.5),
 * so the test is then conservative, not exact, for "equal AUCs".
 */
import { PerfusionInputError } from '../errors';
import { quantileSorted } from '../math/quantile';
import { createSeededRandom } from '../random/seeded-random';
import type { CvScheme } from './cv-folds';
import { type CandidateFeatures, nestedCvAuc } from './nested-cv';

export interface PermutationOptions {
  scheme: CvScheme;
  /** Number of label permutations B (>= 1; a study should use >= 1000). */
  permutations: number;
  /** Seed of the permutation stream (independent of the folds' seed). */
  seed: number;
  /** Called with (done, total) every 100 permutations. */
  onProgress?: (done: number, total: number) => void;
}

export interface ChanceTest {
  auc: number;
  pValue: number;
  /** 2.5 and 97.5 % type-7 quantiles of the permutation distribution of the AUC. */
  nullRange: [number, number];
}

export interface PairPermutationTest {
  /** Indices of the two methods in the input order. */
  a: number;
  b: number;
  /** AUC_a - AUC_b on the observed labels. */
  difference: number;
  pValue: number;
  /** 2.5 and 97.5 % type-7 quantiles of the permutation distribution of the difference. */
  nullRange: [number, number];
}

export interface PermutationTestResult {
  permutations: number;
  seed: number;
  /** One per method, in input order. */
  chance: ChanceTest[];
  /** Every pair (a < b), in order. */
  pairs: PairPermutationTest[];
}

// Mixed into the seed so that the permutation stream differs from the fold stream for the same user seed.
const PERMUTATION_STREAM = 0x5bd1e995;

/** Runs B + 1 nested CVs per method (observed labels, then B shuffles of them). */
export function nestedCvPermutationTest(
  methods: readonly CandidateFeatures[],
  isPositive: ArrayLike<boolean>,
  options: PermutationOptions,
): PermutationTestResult {
  const { permutations: b, scheme, seed } = options;
  if (!Number.isInteger(b) || b < 1)
    throw new PerfusionInputError(
      'INVALID_PERMUTATIONS',
      `permutations must be a positive integer (>= 1000 for a reported p-value), got ${b}`,
    );
  if (methods.length === 0)
    throw new PerfusionInputError('NO_METHODS', 'a permutation test needs at least one method');
  const labels = Array.from({ length: isPositive.length }, (_, i) => Boolean(isPositive[i]));
  const observed = methods.map((m) => nestedCvAuc(m, labels, scheme));
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < methods.length; i++) for (let j = i + 1; j < methods.length; j++) pairs.push([i, j]);
  const nullAucs = methods.map(() => new Float64Array(b));
  const nullDifferences = pairs.map(() => new Float64Array(b));
  const chanceHits = new Uint32Array(methods.length);
  const pairHits = new Uint32Array(pairs.length);
  // AUCs are ratios of small integers; an absolute 1e-12 keeps equal values equal despite rounding.
  const tolerance = 1e-12;
  const rng = createSeededRandom((seed ^ PERMUTATION_STREAM) | 0);
  const shuffled = labels.slice();
  for (let r = 0; r < b; r++) {
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const aucs = methods.map((m) => nestedCvAuc(m, shuffled, scheme));
    aucs.forEach((auc, k) => {
      nullAucs[k][r] = auc;
      if (auc >= observed[k] - tolerance) chanceHits[k]++;
    });
    pairs.forEach(([i, j], k) => {
      const d = aucs[i] - aucs[j];
      nullDifferences[k][r] = d;
      if (Math.abs(d) >= Math.abs(observed[i] - observed[j]) - tolerance) pairHits[k]++;
    });
    if (options.onProgress && (r + 1) % 100 === 0) options.onProgress(r + 1, b);
  }
  return {
    permutations: b,
    seed,
    chance: observed.map((auc, k) => ({
      auc,
      pValue: (1 + chanceHits[k]) / (1 + b),
      nullRange: centralRange(nullAucs[k]),
    })),
    pairs: pairs.map(([i, j], k) => ({
      a: i,
      b: j,
      difference: observed[i] - observed[j],
      pValue: (1 + pairHits[k]) / (1 + b),
      nullRange: centralRange(nullDifferences[k]),
    })),
  };
}

function centralRange(values: Float64Array): [number, number] {
  const sorted = Float64Array.from(values).sort();
  return [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)];
}
