import { solveScaledCholesky } from '../../../../perfusion/fit/scaled-cholesky';

/** Calls the solver on row-major `rows` with right-hand side `g`; null when it refuses the matrix. */
function solve(rows: number[][], g: number[], lambda = 0, free = rows.map(() => 1)): Float64Array | null {
  const p = rows.length;
  const x = new Float64Array(p);
  const ok = solveScaledCholesky(
    p,
    Float64Array.from(rows.flat()),
    Float64Array.from(g),
    lambda,
    Uint8Array.from(free),
    new Float64Array(p * p + p),
    x,
  );
  return ok ? x : null;
}

const times = (rows: number[][], x: ArrayLike<number>) =>
  rows.map((r) => r.reduce((s, v, j) => s + v * x[j], 0));

// SPD by construction (B^T B + I) with columns scaled over six decades, as SI Jacobian columns are.
const B = [
  [2, -1, 0.5, 0.3, 0],
  [0.4, 3, -1, 0, 0.7],
  [0, 0.2, 1.5, -0.6, 0.1],
  [1, 0, 0.3, 2.5, -0.4],
  [-0.5, 0.6, 0, 0.2, 1.8],
];
const scale = [1e3, 1, 1e-3, 10, 0.1];
const spd = scale.map((si, i) =>
  scale.map((sj, j) => si * sj * (B.reduce((s, row) => s + row[i] * row[j], 0) + (i === j ? 1 : 0))),
);
const exact = [0.3, -1.2, 2.5e3, 0.04, -7];

describe('scaled Cholesky solve of the damped normal equations', () => {
  it('solves a badly scaled SPD system to 1e-12 relative', () => {
    const x = solve(spd, times(spd, exact));
    expect(x).not.toBeNull();
    exact.forEach((v, j) => {
      expect(Math.abs((x as Float64Array)[j] - v)).toBeLessThan(1e-12 * Math.abs(v));
    });
  });

  it("solves Marquardt's damped system (H + lambda diag(H)) x = g", () => {
    const lambda = 0.7;
    const damped = spd.map((r, i) => r.map((v, j) => (i === j ? v * (1 + lambda) : v)));
    const x = solve(spd, times(damped, exact), lambda) as Float64Array;
    exact.forEach((v, j) => {
      expect(Math.abs(x[j] - v)).toBeLessThan(1e-12 * Math.abs(v));
    });
  });

  it('solves for the free unknowns only and leaves the fixed ones at 0', () => {
    // With unknowns 1 and 3 fixed, the free ones solve the sub-system of rows and columns 0, 2, 4.
    const keep = [0, 2, 4];
    const sub = keep.map((i) => keep.map((j) => spd[i][j]));
    const g = spd.map(() => 0);
    times(sub, [0.3, 2.5e3, -7]).forEach((v, k) => {
      g[keep[k]] = v;
    });
    g[1] = 123; // ignored: unknown 1 is fixed
    const x = solve(spd, g, 0, [1, 0, 1, 0, 1]) as Float64Array;
    expect([x[1], x[3]]).toEqual([0, 0]);
    [0.3, 2.5e3, -7].forEach((v, k) => {
      expect(Math.abs(x[keep[k]] - v)).toBeLessThan(1e-12 * Math.abs(v));
    });
  });

  it('refuses symmetric matrices that are not positive definite', () => {
    expect(
      solve(
        [
          [1, 2],
          [2, 1],
        ],
        [1, 1],
      ),
    ).toBeNull(); // eigenvalues 3 and -1
    expect(
      solve(
        [
          [4, 2],
          [2, 1],
        ],
        [1, 1],
      ),
    ).toBeNull(); // singular: eigenvalues 5 and 0
    expect(
      solve(
        [
          [1, 0],
          [0, -1],
        ],
        [1, 1],
      ),
    ).toBeNull(); // negative diagonal
    const indefinite = spd.map((r) => [...r]);
    indefinite[3][1] = indefinite[1][3] = 1.01 * Math.sqrt(spd[1][1] * spd[3][3]); // |correlation| > 1
    expect(solve(indefinite, [1, 1, 1, 1, 1])).toBeNull();
    // Enough damping makes the same indefinite matrix definite: that is how LM recovers.
    expect(
      solve(
        [
          [1, 2],
          [2, 1],
        ],
        [1, 1],
        1.5,
      ),
    ).not.toBeNull();
  });

  it('refuses a matrix that is not symmetric', () => {
    const skewed = spd.map((r) => [...r]);
    skewed[0][4] *= 1 + 1e-9;
    expect(solve(skewed, times(spd, exact))).toBeNull();
  });

  it('treats a zero diagonal (a parameter that moves nothing) as fixed at 0', () => {
    const x = solve(
      [
        [4, 0, 1],
        [0, 0, 0],
        [1, 0, 2],
      ],
      [5, 9, 3],
    ) as Float64Array;
    expect(x[1]).toBe(0);
    expect(x[0]).toBeCloseTo(1, 14);
    expect(x[2]).toBeCloseTo(1, 14);
  });
});
