/**
 * Label-permutation tests of nested-CV AUCs: p-values uniform when no feature carries the class, small for a
 * real difference, never 0, deterministic for a seed.
 */
import { prepareCandidates } from '../../../../perfusion/grading/nested-cv';
import { nestedCvPermutationTest } from '../../../../perfusion/grading/permutation-test';
import { createSeededRandom } from '../../../../perfusion/random/seeded-random';

const labels = Array.from({ length: 30 }, (_, i) => i % 2 === 0);
/** Candidate features from a seeded stream per test; column 0 shifted by `effect` SD in the positives. */
function methods(seed: number, isPositive = labels) {
  const rng = createSeededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  return (count: number, effect = 0) =>
    prepareCandidates(
      Array.from({ length: count }, (_, j) =>
        Float64Array.from(isPositive, (p) => gauss() + (j === 0 && p ? effect : 0)),
      ),
    );
}
const scheme = (seed: number, repeats = 1) => ({ kind: 'kfold' as const, folds: 5, repeats, seed });

it('under the null (features unrelated to the class) the p-values are close to uniform', () => {
  const method = methods(77);
  const datasets = 150;
  const pair: number[] = [];
  const chance: number[] = [];
  for (let d = 0; d < datasets; d++) {
    const r = nestedCvPermutationTest([method(8), method(8)], labels, {
      scheme: scheme(d),
      permutations: 99,
      seed: d,
    });
    pair.push(r.pairs[0].pValue);
    chance.push(r.chance[0].pValue);
  }
  for (const ps of [pair, chance]) {
    const atMost = (t: number) => ps.filter((p) => p <= t).length / ps.length;
    // Binomial SD at 150 draws: 0.018 at 5%, 0.041 at 50%; bounds are ~3 SD wide.
    expect(atMost(0.05)).toBeLessThanOrEqual(0.11);
    expect(atMost(0.5)).toBeGreaterThan(0.38);
    expect(atMost(0.5)).toBeLessThan(0.62);
    // Kolmogorov-Smirnov distance to U(0, 1): the 1% critical value for 150 draws is 0.133.
    const sorted = ps.slice().sort((a, b) => a - b);
    const ks = Math.max(
      ...sorted.map((p, i) => Math.max(Math.abs((i + 1) / ps.length - p), Math.abs(p - i / ps.length))),
    );
    expect(ks).toBeLessThan(0.133);
  }
});

it('a real difference gives a small p; p is never 0; deterministic for a seed', () => {
  // 30 + 30 subjects: at 15 + 15 the null spread of a nested-CV AUC difference is about +-0.45, so even a
  // perfect method against noise reaches only p ~ 0.02.
  const labels60 = Array.from({ length: 60 }, (_, i) => i % 2 === 0);
  const method = methods(78, labels60);
  const strong = method(10, 2.5);
  const noise = method(10);
  const options = { scheme: scheme(3, 2), permutations: 999, seed: 5 };
  const r = nestedCvPermutationTest([strong, noise], labels60, options);
  expect(r.chance[0].auc).toBeGreaterThan(0.85);
  expect(r.chance[0].pValue).toBe(1 / 1000); // nothing in 999 shuffles reaches it
  expect(r.pairs[0].pValue).toBeLessThan(0.01);
  expect(r.pairs[0].pValue).toBeGreaterThan(0);
  expect(r.pairs[0].difference).toBeCloseTo(r.chance[0].auc - r.chance[1].auc, 14);
  expect(r.pairs[0].nullRange[0]).toBeLessThan(0);
  expect(r.pairs[0].nullRange[1]).toBeGreaterThan(0);
  expect(nestedCvPermutationTest([strong, noise], labels60, options)).toEqual(r);
  expect(
    nestedCvPermutationTest([strong, noise], labels60, { ...options, seed: 6 }).pairs[0].nullRange,
  ).not.toEqual(r.pairs[0].nullRange);
});

it('bad options get specific errors', () => {
  const method = methods(79);
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      return (err as { code?: string }).code;
    }
    return 'no error';
  };
  expect(
    code(() => nestedCvPermutationTest([method(2)], labels, { scheme: scheme(1), permutations: 0, seed: 1 })),
  ).toBe('INVALID_PERMUTATIONS');
  expect(
    code(() => nestedCvPermutationTest([], labels, { scheme: scheme(1), permutations: 10, seed: 1 })),
  ).toBe('NO_METHODS');
});
