import { conjugateGradient } from '../../../../perfusion/simulate/conjugate-gradient';
import { energyNorm, spdSystem } from './spd-fixtures';

const n = 64;
/** n eigenvalues evenly spaced over [1, kappa]. */
const evenly = (kappa: number) => Array.from({ length: n }, (_, i) => 1 + ((kappa - 1) * i) / (n - 1));
/**
 * n eigenvalues geometrically spaced over [1, kappa]: many small ones. Rounding destroys the conjugacy behind
 * exact n-step termination here (textbook CG too needs ~350 iterations at kappa 1e5; Greenbaum & Strakos,
 * SIAM J Matrix Anal Appl 1992;13:121), so this spectrum is held to the classic bound, not to n iterations.
 */
const geometric = (kappa: number) => Array.from({ length: n }, (_, i) => kappa ** (i / (n - 1)));
/** Jacobi-preconditioned systems whose rows are scaled over +-3 decades (cond(A) up to 1e18). */
const DECADES = 3;

describe('Jacobi-preconditioned conjugate gradients', () => {
  it.each([10, 1e3, 1e6])(
    'converges to 1e-10 within n = 64 iterations at condition number %p (badly scaled rows)',
    (kappa) => {
      const system = spdSystem(evenly(kappa), 7, DECADES);
      const result = conjugateGradient(system.apply, system.diagonal, system.b, 1e-10, 10 * n);
      expect(result.iterations).toBeLessThanOrEqual(n);
      expect(result.relativeResidual).toBeLessThanOrEqual(1e-10);
      const ax = new Float64Array(n);
      system.apply(result.x, ax);
      // The reported residual is the true one of the returned x, not the recursion's estimate.
      const trueResidual = Math.hypot(...ax.map((v, i) => v - system.b[i])) / Math.hypot(...system.b);
      expect(Math.abs(trueResidual - result.relativeResidual)).toBeLessThan(1e-6 * trueResidual);
      expect(energyNorm(system, result.x, system.x)).toBeLessThan(1e-8 * energyNorm(system, system.x));
    },
  );

  it('converges in as many iterations as A has distinct eigenvalues (4 here)', () => {
    const system = spdSystem(
      Array.from({ length: n }, (_, i) => [1, 3, 10, 40][i % 4]),
      3,
      DECADES,
    );
    const result = conjugateGradient(system.apply, system.diagonal, system.b, 1e-10, 10 * n);
    expect(result.iterations).toBeLessThanOrEqual(4);
    expect(result.relativeResidual).toBeLessThanOrEqual(1e-10);
  });

  it.each([
    ['evenly', 100, evenly(100)],
    ['evenly', 1e4, evenly(1e4)],
    ['geometrically', 1e4, geometric(1e4)],
  ])(
    'keeps ||x - x_k||_A <= 2 ((sqrt(kappa) - 1)/(sqrt(kappa) + 1))^k ||x||_A at each k, eigenvalues %s spaced, kappa %p',
    (_spacing, kappa, lambda) => {
      // The classic bound (Saad, Iterative Methods for Sparse Linear Systems, 2nd ed., ch. 6) from x_0 = 0. Stopping tolerances from 10^-0.25 to 10^-12
      // stop the solver after many different iteration counts k, each checked against the bound at that k.
      const system = spdSystem(lambda, 5, DECADES);
      const rho = (Math.sqrt(kappa) - 1) / (Math.sqrt(kappa) + 1);
      const initialError = energyNorm(system, system.x);
      const seen = new Set<number>();
      for (let m = 1; m <= 48; m++) {
        const result = conjugateGradient(system.apply, system.diagonal, system.b, 10 ** (-m / 4), 10 * n);
        seen.add(result.iterations);
        const error = energyNorm(system, result.x, system.x);
        const bound = 2 * rho ** result.iterations * initialError;
        expect({ k: result.iterations, withinBound: error <= bound }).toEqual({
          k: result.iterations,
          withinBound: true,
        });
      }
      expect(seen.size).toBeGreaterThanOrEqual(15);
    },
  );

  it('throws SOLVER_NOT_CONVERGED when the iteration budget is too small, and returns 0 for b = 0', () => {
    const system = spdSystem(evenly(1e3), 7, DECADES);
    expect(() => conjugateGradient(system.apply, system.diagonal, system.b, 1e-10, 5)).toThrow(
      expect.objectContaining({ code: 'SOLVER_NOT_CONVERGED' }),
    );
    const zero = conjugateGradient(system.apply, system.diagonal, new Float64Array(n), 1e-10, 5);
    expect(zero.iterations).toBe(0);
    expect(zero.x.every((v) => v === 0)).toBe(true);
  });
});
