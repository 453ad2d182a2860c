/** Subject-level CV: fold properties, classifiers, determinism and errors. */
import { crossValidate } from '../../../../perfusion/grading/cross-validate';
import { makeFolds } from '../../../../perfusion/grading/cv-folds';
import { fitLogistic, predictLogistic } from '../../../../perfusion/grading/logistic-regression';
import { fitThreshold, scoreThreshold } from '../../../../perfusion/grading/threshold-classifier';
import { createSeededRandom } from '../../../../perfusion/random/seeded-random';

const rng = createSeededRandom(2024);
const n = 30;
const isPos = Array.from({ length: n }, (_, i) => i < 15);
const informative = Float64Array.from(isPos, (p) => (p ? 2 : 0) + gauss());
const noise = Float64Array.from(isPos, () => gauss());

function gauss(): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

describe('folds', () => {
  it('stratified k-fold: every subject tested once per repeat, never in train and test, classes balanced', () => {
    const folds = makeFolds(isPos, { kind: 'kfold', folds: 4, repeats: 3, seed: 9 });
    expect(folds).toHaveLength(12);
    for (let r = 0; r < 3; r++) {
      const tested = folds.filter((f) => f.repeat === r).flatMap((f) => Array.from(f.test));
      expect(tested.sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    for (const f of folds) {
      const train = new Set(f.train);
      expect(Array.from(f.test).some((i) => train.has(i))).toBe(false);
      expect(f.train.length + f.test.length).toBe(n);
      const pos = Array.from(f.test).filter((i) => isPos[i]).length;
      expect(pos === 3 || pos === 4).toBe(true);
    }
    expect(makeFolds(isPos, { kind: 'kfold', folds: 4, repeats: 3, seed: 9 })).toEqual(folds);
    expect(makeFolds(isPos, { kind: 'kfold', folds: 4, repeats: 3, seed: 10 })).not.toEqual(folds);
  });

  it('leave-one-out holds out each subject once', () => {
    const folds = makeFolds(isPos, { kind: 'loo' });
    expect(folds.map((f) => Array.from(f.test))).toEqual(Array.from({ length: n }, (_, i) => [i]));
    expect(folds.every((f) => !f.train.includes(f.test[0]) && f.train.length === n - 1)).toBe(true);
  });
});

describe('classifiers', () => {
  it('logistic regression: standardisation is from the training rows only and the fit is at a stationary point', () => {
    const train = Array.from({ length: 20 }, (_, i) => i + 5);
    const m = fitLogistic([informative, noise], isPos, train, 1);
    expect(m.means[0]).toBeCloseTo(train.reduce((s, i) => s + informative[i], 0) / 20, 12);
    // Gradient of the penalised log-likelihood vanishes: sum (y - p) = 0 (unpenalised intercept).
    const p = predictLogistic(m, [informative, noise], train);
    expect(train.reduce((s, row, i) => s + (isPos[row] ? 1 : 0) - p[i], 0)).toBeCloseTo(0, 8);
    expect(m.coefficients[0]).toBeGreaterThan(0);
  });

  it('logistic regression stays finite on perfectly separated data', () => {
    const x = Float64Array.from(isPos, (pos) => (pos ? 1 : 0));
    const m = fitLogistic(
      [x],
      isPos,
      Array.from({ length: n }, (_, i) => i),
      0.1,
    );
    expect(Number.isFinite(m.coefficients[0])).toBe(true);
  });

  it('threshold classifier: Youden cut-off midway between classes, direction learnt', () => {
    const x = Float64Array.of(5, 6, 7, 1, 2, 3);
    const labels = [true, true, true, false, false, false];
    const m = fitThreshold(x, labels, [0, 1, 2, 3, 4, 5]);
    expect(m).toMatchObject({ direction: 'higher', threshold: 4 });
    const neg = fitThreshold(
      x.map((v) => -v),
      labels,
      [0, 1, 2, 3, 4, 5],
    );
    expect(neg).toMatchObject({ direction: 'lower', threshold: -4 });
    expect(
      Array.from(
        scoreThreshold(
          neg,
          x.map((v) => -v),
          [0, 3],
        ),
      ).map(Math.sign),
    ).toEqual([1, -1]);
  });
});

describe('crossValidate', () => {
  it('an informative feature beats noise; deterministic for a seed', () => {
    const scheme = { kind: 'kfold' as const, folds: 5, repeats: 5, seed: 1 };
    const good = crossValidate([informative], isPos, { classifier: { kind: 'logistic' }, scheme });
    const bad = crossValidate([noise], isPos, { classifier: { kind: 'logistic' }, scheme });
    expect(good.pooledAucMean).toBeGreaterThan(0.7);
    expect(bad.pooledAucMean).toBeLessThan(good.pooledAucMean);
    expect(good.perFoldAuc).toHaveLength(25);
    expect(good.penalties).toHaveLength(25);
    expect(good.pooledAucRange[0]).toBeLessThanOrEqual(good.pooledAucRange[1]);
    expect(crossValidate([informative], isPos, { classifier: { kind: 'logistic' }, scheme })).toEqual(good);
    const thr = crossValidate([informative], isPos, { classifier: { kind: 'threshold' }, scheme });
    expect(thr.pooledAucMean).toBeGreaterThan(0.6);
  });

  it('leave-one-out: pooled AUC only (per-fold AUC undefined)', () => {
    const r = crossValidate([informative, noise], isPos, {
      classifier: { kind: 'logistic', penalty: 1 },
      scheme: { kind: 'loo' },
    });
    expect(r.repeats).toBe(1);
    expect(Number.isNaN(r.perFoldAucMean)).toBe(true);
    expect(r.pooledAuc[0]).toBeGreaterThan(0.6);
    expect(r.outOfFold[0].every(Number.isFinite)).toBe(true);
  });

  it('a training fold with fewer than 2 subjects of a class is an error naming fold and class', () => {
    const labels = [true, true, false, false, false, false];
    const x = Float64Array.of(1, 2, 3, 4, 5, 6);
    expect(() =>
      crossValidate([x], labels, {
        classifier: { kind: 'threshold' },
        scheme: { kind: 'kfold', folds: 2, repeats: 1, seed: 1 },
        classNames: ['hgg', 'lgg'],
      }),
    ).toThrow(/repeat 1, fold 1: the training part has 1 hgg subject/);
  });

  it('rejects NaN features and a threshold classifier on two features', () => {
    const x = Float64Array.from(informative);
    x[3] = Number.NaN;
    const scheme = { kind: 'loo' as const };
    expect(() => crossValidate([x], isPos, { classifier: { kind: 'threshold' }, scheme })).toThrow(
      expect.objectContaining({ code: 'NON_FINITE_FEATURE' }),
    );
    expect(() =>
      crossValidate([informative, noise], isPos, { classifier: { kind: 'threshold' }, scheme }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_CLASSIFIER' }));
  });
});
