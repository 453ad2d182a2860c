/**
 * Multiplicity corrections of a family of m p-values (dimensionless): Bonferroni, min(1, m p), and Holm's
 * step-down procedure (Holm S, "A simple sequentially rejective multiple test procedure", Scand J Statist
 * 1979;6:65-70), which controls the family-wise error rate as Bonferroni does but rejects at least as much:
 * with p sorted ascending, adjusted p_(i) = max over j <= i of min(1, (m - j + 1) p_(j)). A hypothesis is
 * rejected at level alpha when its adjusted p is below alpha. Returned in the input's order.
 */
import { PerfusionInputError } from '../errors';

export type MultiplicityMethod = 'holm' | 'bonferroni' | 'none';

export function adjustPValues(p: readonly number[], method: MultiplicityMethod): number[] {
  const bad = p.findIndex((x) => !(x >= 0 && x <= 1));
  if (bad >= 0)
    throw new PerfusionInputError(
      'INVALID_P_VALUE',
      `p-value ${bad} is ${p[bad]}; every p-value must lie in [0, 1]`,
    );
  const m = p.length;
  if (method === 'none') return [...p];
  if (method === 'bonferroni') return p.map((x) => Math.min(1, m * x));
  const order = [...p.keys()].sort((a, b) => p[a] - p[b]);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach((i, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p[i]));
    out[i] = running;
  });
  return out;
}
