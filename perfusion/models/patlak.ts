/**
 * Patlak model, parameters [Ktrans, vp]: C(t) = vp ca(t) + Ktrans integral_0^t ca, Ktrans in 1/s, vp fraction.
 * Patlak CS, Blasberg RG, Fenstermacher JD, J Cereb Blood Flow Metab 1983;3:1 (irreversible uptake).
 * Linear in its parameters; the grid's exact integral of the piecewise-linear AIF is used.
 */
import type { KineticModel } from './kinetic-model';
import { KTRANS_AS_PS, VP_LINEAR } from './parameter-specs';

export const patlak: KineticModel = {
  name: 'patlak',
  parameters: [KTRANS_AS_PS, VP_LINEAR],
  evaluate(p, grid, _scratch, out, jac, delayColumn) {
    const n = grid.n;
    const ktrans = p[0];
    const vp = p[1];
    const ca = grid.caAtT;
    const integral = grid.integralAtT;
    for (let i = 0; i < n; i++) out[i] = vp * ca[i] + ktrans * integral[i];
    if (!jac) return;
    for (let i = 0; i < n; i++) {
      jac[i] = integral[i];
      jac[n + i] = ca[i];
    }
    if (delayColumn) {
      const slope = grid.caSlopeAtT;
      for (let i = 0; i < n; i++) jac[2 * n + i] = -(vp * slope[i] + ktrans * ca[i]);
    }
  },
  warnings: () => [],
};
