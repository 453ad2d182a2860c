/**
 * Subject-level cross-validation splits: repeated stratified k-fold and leave-one-out. A subject is the
 * unit (one row of features), so no subject can be in both the training and the test part of a fold.
 * Deterministic for a seed (seeded xoshiro128**, Fisher-Yates shuffles within each class).
 */
import { PerfusionInputError } from '../errors';
import { createSeededRandom } from '../random/seeded-random';

export interface Fold {
  /** 0-based repeat index. */
  repeat: number;
  /** 0-based fold index within its repeat. */
  fold: number;
  /** Subject indices used for training, ascending. */
  train: Uint32Array;
  /** Subject indices held out, ascending. */
  test: Uint32Array;
}

export type CvScheme = { kind: 'kfold'; folds: number; repeats: number; seed: number } | { kind: 'loo' };

/** Builds the folds of a scheme for subjects labelled `isPositive`. */
export function makeFolds(isPositive: ArrayLike<boolean>, scheme: CvScheme): Fold[] {
  const n = isPositive.length;
  if (scheme.kind === 'loo') {
    return Array.from({ length: n }, (_, i) => ({
      repeat: 0,
      fold: i,
      train: Uint32Array.from({ length: n - 1 }, (_, j) => (j < i ? j : j + 1)),
      test: Uint32Array.of(i),
    }));
  }
  const { folds: k, repeats, seed } = scheme;
  if (!Number.isInteger(k) || k < 2 || k > n) {
    throw new PerfusionInputError(
      'INVALID_FOLDS',
      `folds must be an integer in [2, ${n}] (the number of subjects), got ${k}`,
    );
  }
  if (!Number.isInteger(repeats) || repeats < 1) {
    throw new PerfusionInputError('INVALID_REPEATS', `repeats must be a positive integer, got ${repeats}`);
  }
  const rng = createSeededRandom(seed);
  const result: Fold[] = [];
  for (let r = 0; r < repeats; r++) {
    const assignment = new Int32Array(n);
    // Deal each shuffled class round-robin; the negatives continue where the positives stopped so fold
    // sizes differ by at most one.
    let next = 0;
    for (const cls of [true, false]) {
      const members: number[] = [];
      for (let i = 0; i < n; i++) if (Boolean(isPositive[i]) === cls) members.push(i);
      for (let i = members.length - 1; i > 0; i--) {
        const j = rng.nextInt(i + 1);
        [members[i], members[j]] = [members[j], members[i]];
      }
      for (const m of members) {
        assignment[m] = next;
        next = (next + 1) % k;
      }
    }
    for (let f = 0; f < k; f++) {
      const test: number[] = [];
      const train: number[] = [];
      for (let i = 0; i < n; i++) (assignment[i] === f ? test : train).push(i);
      result.push({ repeat: r, fold: f, train: Uint32Array.from(train), test: Uint32Array.from(test) });
    }
  }
  return result;
}

/**
 * Throws unless every training part holds at least 2 subjects of each class (a classifier, its feature
 * standardisation and the threshold search all need both classes); the message names the fold and class.
 */
export function checkTrainingFolds(
  folds: readonly Fold[],
  isPositive: ArrayLike<boolean>,
  classNames = ['positive', 'negative'],
): void {
  for (const f of folds) {
    let pos = 0;
    for (const i of f.train) if (isPositive[i]) pos++;
    const neg = f.train.length - pos;
    if (pos < 2 || neg < 2) {
      const [name, count] = pos < 2 ? [classNames[0], pos] : [classNames[1], neg];
      throw new PerfusionInputError(
        'TOO_FEW_TRAINING_SUBJECTS',
        `repeat ${f.repeat + 1}, fold ${f.fold + 1}: the training part has ${count} ${name} subject(s); each class needs at least 2. Use fewer folds or add subjects`,
      );
    }
  }
}
