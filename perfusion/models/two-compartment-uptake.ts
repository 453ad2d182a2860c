/**
 * Two-compartment uptake model (2CUM), parameters [Fp, PS, vp] (Fp, PS in 1/s, vp fraction): the 2CXM with
 * no return from the EES (ve -> infinity). IRF(t) = (Fp - Ktrans) e^{-kp t} + Ktrans, kp = (Fp + PS)/vp,
 * Ktrans = Fp PS/(Fp + PS). Sourbron & Buckley NBM 2013;26:1004; as OSIPI MJT `TCUM`.
 */
import type { KineticModel } from './kinetic-model';
import { FP, PS, VP } from './parameter-specs';

export const twoCompartmentUptake: KineticModel = {
  name: '2cum',
  parameters: [FP, PS, VP],
  evaluate(p, grid, scratch, out, jac, delayColumn) {
    const n = grid.n;
    const fp = p[0];
    const ps = p[1];
    const vp = p[2];
    const sum = fp + ps;
    const ktrans = (fp * ps) / sum;
    const kp = sum / vp;
    const amp = fp - ktrans; // = Fp^2/(Fp + PS)
    const { y1, z1 } = scratch;
    const integral = grid.integralAtT;
    grid.convolve(kp, y1, jac ? z1 : null);
    for (let i = 0; i < n; i++) out[i] = amp * y1[i] + ktrans * integral[i];
    if (!jac) return;
    const dkFp = (ps * ps) / (sum * sum);
    const dkPs = (fp * fp) / (sum * sum);
    const dkpF = 1 / vp; // dkp/dFp = dkp/dPS
    const dkpV = -kp / vp;
    for (let i = 0; i < n; i++) {
      const az = amp * z1[i];
      jac[i] = (1 - dkFp) * y1[i] + az * dkpF + dkFp * integral[i];
      jac[n + i] = -dkPs * y1[i] + az * dkpF + dkPs * integral[i];
      jac[2 * n + i] = az * dkpV;
    }
    if (delayColumn) {
      // dC/dt = Fp ca - amp kp Y; dC/dtau = -dC/dt.
      const ca = grid.caAtT;
      for (let i = 0; i < n; i++) jac[3 * n + i] = -(fp * ca[i] - amp * kp * y1[i]);
    }
  },
  warnings: () => [],
};
