/**
 * Nested CV of best-feature selection: held-out subjects never inform their fold's choice, the estimate is
 * unbiased under pure noise where the naive best of 55 is not, its bootstrap interval covers chance, and
 * bad input gets specific errors.
 */
import { makeFolds } from '../../../../perfusion/grading/cv-folds';
import { nestedCrossValidate, nestedCvAuc, prepareCandidates } from '../../../../perfusion/grading/nested-cv';
import { nestedCvBootstrap } from '../../../../perfusion/grading/nested-cv-bootstrap';
import { rankColumn, subsetAuc } from '../../../../perfusion/grading/ranked-column';
import { analyseRoc } from '../../../../perfusion/grading/roc-analysis';
import { mannWhitneyAuc, splitByClass } from '../../../../perfusion/grading/roc-auc';
import { createSeededRandom } from '../../../../perfusion/random/seeded-random';

/** A seeded stream per test, so that no test's data depends on what the tests before it drew. */
function random(seed: number) {
  const rng = createSeededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const noiseColumns = (count: number, n: number) =>
    Array.from({ length: count }, () => Float64Array.from({ length: n }, gauss));
  /** 15 + 15 subjects in random order (random labels with fixed class sizes). */
  const randomLabels = () => {
    const labels = Array.from({ length: 30 }, (_, i) => i < 15);
    for (let i = labels.length - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [labels[i], labels[j]] = [labels[j], labels[i]];
    }
    return labels;
  };
  return { rng, gauss, noiseColumns, randomLabels };
}
const kfold = (seed: number, repeats = 1) => ({ kind: 'kfold' as const, folds: 5, repeats, seed });

describe('ranked columns', () => {
  it('the AUC of any subset, with ties and copies, equals Mann-Whitney on that subset spelt out', () => {
    const { rng, gauss } = random(31);
    for (let trial = 0; trial < 50; trial++) {
      const n = 12 + trial;
      const column = Float64Array.from({ length: n }, () => Math.round(4 * gauss())); // many ties
      const labels = Array.from({ length: n }, () => rng.next() < 0.5);
      const copies = Uint32Array.from({ length: n }, () => rng.nextInt(3));
      const values: number[] = [];
      const expanded: boolean[] = [];
      copies.forEach((c, i) => {
        for (let k = 0; k < c; k++) {
          values.push(column[i]);
          expanded.push(labels[i]);
        }
      });
      if (!expanded.includes(true) || !expanded.includes(false)) continue;
      const expected = mannWhitneyAuc(splitByClass(values, expanded));
      expect(subsetAuc(rankColumn(column), labels, copies)).toBeCloseTo(expected, 12);
    }
  });
});

describe('nestedCrossValidate', () => {
  it("perturbing a held-out fold's features leaves that fold's selection unchanged", () => {
    const { gauss, noiseColumns, randomLabels } = random(32);
    const labels = randomLabels();
    const columns = noiseColumns(20, 30);
    columns[3] = Float64Array.from(labels, (p) => gauss() + (p ? 1 : 0));
    const scheme = kfold(4, 2);
    const before = nestedCrossValidate(prepareCandidates(columns), labels, { scheme });
    const folds = makeFolds(labels, scheme);
    for (const k of [0, 3, 7]) {
      const perturbed = columns.map((c) => c.slice());
      // Rewrite every feature of the held-out subjects (huge noise), and make one noise feature separate
      // them perfectly: a choice that looked at them would switch to it.
      for (const i of folds[k].test) for (const c of perturbed) c[i] = 1e3 * gauss();
      for (const i of folds[k].test) perturbed[10][i] = labels[i] ? 1e6 : -1e6;
      const after = nestedCrossValidate(prepareCandidates(perturbed), labels, { scheme });
      expect(after.selections[k]).toEqual(before.selections[k]);
      // The perturbation is real: it changes the held-out scores and so the estimate.
      expect(after.meanScore).not.toEqual(before.meanScore);
    }
  });

  it('on 55 noise features with random labels: nested-CV AUC unbiased and its interval covers 0.5; the naive best of 55 is biased high', () => {
    const { noiseColumns, randomLabels } = random(33);
    const datasets = 120;
    let nestedSum = 0;
    let naiveSum = 0;
    let naiveCiCovers = 0;
    let nestedCiCovers = 0;
    for (let d = 0; d < datasets; d++) {
      const labels = randomLabels();
      const columns = noiseColumns(55, 30);
      const candidates = prepareCandidates(columns);
      const boot = nestedCvBootstrap([candidates], labels, { scheme: kfold(d), replicates: 60, seed: d });
      const [lo, hi] = boot.methods[0].interval;
      if (lo <= 0.5 && 0.5 <= hi) nestedCiCovers++;
      nestedSum += boot.methods[0].estimate;
      const best = columns.map((c) => analyseRoc(c, labels)).reduce((a, b) => (b.auc > a.auc ? b : a));
      naiveSum += best.auc;
      if ('lower' in best.delong && best.delong.lower <= 0.5) naiveCiCovers++;
    }
    // Standard error of a mean of 120 noise AUCs is ~0.015: 0.05 is > 3 SE.
    expect(Math.abs(nestedSum / datasets - 0.5)).toBeLessThan(0.05);
    expect(nestedCiCovers / datasets).toBeGreaterThanOrEqual(0.9);
    // The maximum of 55 null AUCs (SD ~0.11 each) sits ~2.2 SD above 0.5.
    expect(naiveSum / datasets).toBeGreaterThan(0.7);
    expect(naiveCiCovers / datasets).toBeLessThan(0.2);
  });

  it('finds an informative feature among noise and scores well; deterministic for a seed', () => {
    const { gauss, noiseColumns, randomLabels } = random(34);
    const labels = randomLabels();
    const columns = noiseColumns(30, 30);
    columns[17] = Float64Array.from(labels, (p) => gauss() - (p ? 3 : 0)); // lower predicts positive
    const c = prepareCandidates(columns);
    const r = nestedCrossValidate(c, labels, { scheme: kfold(2, 4) });
    expect(r.auc).toBeGreaterThan(0.9);
    expect(r.selectionCounts[17]).toBeGreaterThanOrEqual(18);
    expect(r.selections.filter((s) => s.feature === 17).every((s) => s.direction === 'lower')).toBe(true);
    expect(r.perRepeatAuc).toHaveLength(4);
    expect(r.selections).toHaveLength(20);
    expect(nestedCvAuc(c, labels, kfold(2, 4))).toBe(r.auc);
    expect(nestedCrossValidate(c, labels, { scheme: kfold(2, 4) })).toEqual(r);
    expect(nestedCrossValidate(c, labels, { scheme: kfold(3, 4) }).meanScore).not.toEqual(r.meanScore);
  });

  it('ties between candidates go to the first in column order; a constant candidate is never preferred', () => {
    const { gauss, randomLabels } = random(35);
    const labels = randomLabels();
    const good = Float64Array.from(labels, (p) => gauss() + (p ? 2 : 0));
    const constant = new Float64Array(30).fill(7);
    const r = nestedCrossValidate(prepareCandidates([constant, good, good.slice()]), labels, {
      scheme: kfold(1, 3),
    });
    expect(r.selections.every((s) => s.feature === 1)).toBe(true);
  });

  it('bad input gets a specific error', () => {
    const { noiseColumns, randomLabels } = random(36);
    const labels = randomLabels();
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return (err as { code?: string }).code;
      }
      return 'no error';
    };
    expect(code(() => prepareCandidates([]))).toBe('NO_FEATURES');
    expect(code(() => prepareCandidates([new Float64Array(30), new Float64Array(29)]))).toBe(
      'SHAPE_MISMATCH',
    );
    expect(code(() => prepareCandidates([Float64Array.of(1, Number.NaN, 3)]))).toBe('NON_FINITE_FEATURE');
    expect(code(() => prepareCandidates([new Float64Array(30).fill(2), new Float64Array(30)]))).toBe(
      'NO_VARIATION',
    );
    const c = prepareCandidates(noiseColumns(3, 30));
    expect(code(() => nestedCrossValidate(c, labels.slice(1), { scheme: kfold(1) }))).toBe('SHAPE_MISMATCH');
    expect(code(() => nestedCrossValidate(c, labels, { scheme: { ...kfold(1), folds: 31 } }))).toBe(
      'INVALID_FOLDS',
    );
    // 3 + 3 subjects in 2 folds leave a training part with 1 subject of a class: too tiny to select on.
    const tiny = prepareCandidates(noiseColumns(3, 6));
    const tinyLabels = [true, true, true, false, false, false];
    expect(code(() => nestedCrossValidate(tiny, tinyLabels, { scheme: { ...kfold(1), folds: 2 } }))).toBe(
      'TOO_FEW_TRAINING_SUBJECTS',
    );
    expect(code(() => nestedCvBootstrap([c], labels, { scheme: kfold(1), replicates: 1, seed: 1 }))).toBe(
      'INVALID_BOOTSTRAP',
    );
  });
});

describe('nestedCvBootstrap', () => {
  it('paired difference: covers 0 between two noise methods, excludes it against a strong method', () => {
    const { gauss, noiseColumns } = random(37);
    // 30 + 30 subjects: at 15 + 15 a noise method's nested-CV AUC alone spreads +-0.3 (95%).
    const labels = Array.from({ length: 60 }, (_, i) => i % 2 === 0);
    const strong = noiseColumns(10, 60);
    strong[0] = Float64Array.from(labels, (p) => gauss() + (p ? 3 : 0));
    const noiseA = prepareCandidates(noiseColumns(10, 60));
    const noiseB = prepareCandidates(noiseColumns(10, 60));
    const r = nestedCvBootstrap([prepareCandidates(strong), noiseA, noiseB], labels, {
      scheme: kfold(5, 2),
      replicates: 300,
      seed: 9,
    });
    const pair = (a: number, b: number) => r.pairs.find((p) => p.a === a && p.b === b);
    expect(pair(0, 1)?.interval[0]).toBeGreaterThan(0);
    expect(pair(0, 2)?.interval[0]).toBeGreaterThan(0);
    const [lo, hi] = pair(1, 2)?.interval ?? [Number.NaN, Number.NaN];
    expect(lo).toBeLessThanOrEqual(0);
    expect(hi).toBeGreaterThanOrEqual(0);
    expect(r.methods[0].estimate).toBe(nestedCvAuc(prepareCandidates(strong), labels, kfold(5, 2)));
    expect(r.methods[0].interval[1]).toBeLessThanOrEqual(1);
  });

  it('resamples that cannot fill every training part are drawn again and counted', () => {
    const { noiseColumns } = random(38);
    // 6 + 6 subjects in 2 folds: a resample with < 4 distinct subjects of a class (~25% of draws per class)
    // cannot leave 2 of them in every training part.
    const labels = Array.from({ length: 12 }, (_, i) => i < 6);
    const c = prepareCandidates(noiseColumns(4, 12));
    const r = nestedCvBootstrap([c], labels, { scheme: { ...kfold(1), folds: 2 }, replicates: 100, seed: 2 });
    expect(r.redrawn).toBeGreaterThan(0);
    expect(r.methods[0].sd).toBeGreaterThan(0);
  });

  it('a cohort too small to resample into full folds is refused with its own code, not a fold error', () => {
    const { noiseColumns } = random(39);
    // 3 + 3 subjects in 3 folds: a resample needs all 3 distinct subjects of both classes (~5% of draws).
    const labels = Array.from({ length: 6 }, (_, i) => i < 3);
    const c = prepareCandidates(noiseColumns(4, 6));
    expect(() =>
      nestedCvBootstrap([c], labels, { scheme: { ...kfold(1), folds: 3 }, replicates: 200, seed: 2 }),
    ).toThrow(expect.objectContaining({ code: 'BOOTSTRAP_TOO_FEW_SUBJECTS' }));
  });
});
