import { createSeededRandom } from '../../../../perfusion/random/seeded-random';
import { upstreamFirstOrder } from '../../../../perfusion/simulate/sweep-order';

/** Upstream lists as CSR from per-cell arrays. */
function csr(lists: number[][]): { ptr: Int32Array; from: Int32Array } {
  const ptr = new Int32Array(lists.length + 1);
  lists.forEach((l, c) => {
    ptr[c + 1] = ptr[c] + l.length;
  });
  return { ptr, from: Int32Array.from(lists.flat()) };
}

describe('upstream-first sweep order', () => {
  it('places every cell once, after all its upstream cells, on a random flow graph', () => {
    const rng = createSeededRandom(4);
    const count = 400;
    const rank = Array.from({ length: count }, () => rng.next()); // a hidden "pressure": flow runs down it
    const lists = rank.map((r, c) =>
      Array.from({ length: 4 }, () => rng.nextInt(count)).filter((u) => u !== c && rank[u] > r),
    );
    const { ptr, from } = csr(lists);
    const order = upstreamFirstOrder(ptr, from);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, c) => c));
    const at = new Int32Array(count);
    order.forEach((c, p) => {
      at[c] = p;
    });
    for (let c = 0; c < count; c++) for (const u of lists[c]) expect(at[u]).toBeLessThan(at[c]);
  });

  it('takes the lowest-numbered ready cell: unconnected cells come in grid order', () => {
    const { ptr, from } = csr([[], [3], [], [], [2]]);
    expect(Array.from(upstreamFirstOrder(ptr, from))).toEqual([0, 2, 3, 1, 4]);
  });

  it('rejects flow that runs in a cycle', () => {
    const { ptr, from } = csr([[2], [0], [1], []]);
    expect(() => upstreamFirstOrder(ptr, from)).toThrow(
      expect.objectContaining({ code: 'INVALID_BED', message: expect.stringContaining('cycle') }),
    );
  });
});
