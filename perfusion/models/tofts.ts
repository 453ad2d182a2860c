/**
 * Extended Tofts model (ETM), parameters [Ktrans, ve, vp], and standard Tofts, [Ktrans, ve] (vp = 0):
 * C(t) = vp ca(t) + Ktrans (ca (*) e^{-kep t})(t), kep = Ktrans/ve; Ktrans in 1/s, ve and vp fractions.
 * Tofts PS, J Magn Reson Imaging 1997;7:91 (standard), Tofts et al. JMRI 1999;10:223 (notation).
 */
import type { ConvolutionGrid } from './exponential-convolution';
import type { KineticModel, ModelScratch } from './kinetic-model';
import { KTRANS, VE, VP_LINEAR } from './parameter-specs';

/** Shared by both variants; `vp` is 0 and has no Jacobian column for standard Tofts. */
function evaluateTofts(
  ktrans: number,
  ve: number,
  vp: number,
  hasVp: boolean,
  grid: ConvolutionGrid,
  scratch: ModelScratch,
  out: Float64Array,
  jac: Float64Array | null,
  delayColumn: boolean,
): void {
  const n = grid.n;
  const kep = ktrans / ve;
  const { y1, z1 } = scratch;
  const ca = grid.caAtT;
  grid.convolve(kep, y1, jac ? z1 : null);
  for (let i = 0; i < n; i++) out[i] = vp * ca[i] + ktrans * y1[i];
  if (!jac) return;
  // dC/dKtrans = Y + Ktrans Z/ve; dC/dve = -Ktrans Z kep/ve; dC/dvp = ca.
  const kz = ktrans / ve;
  const vz = (-ktrans * kep) / ve;
  for (let i = 0; i < n; i++) {
    jac[i] = y1[i] + kz * z1[i];
    jac[n + i] = vz * z1[i];
  }
  let col = 2 * n;
  if (hasVp) {
    for (let i = 0; i < n; i++) jac[col + i] = ca[i];
    col += n;
  }
  if (delayColumn) {
    // dC/dt = vp ca' + Ktrans (ca - kep Y); a delay shifts the curve: dC/dtau = -dC/dt.
    const slope = grid.caSlopeAtT;
    for (let i = 0; i < n; i++) jac[col + i] = -(vp * slope[i] + ktrans * (ca[i] - kep * y1[i]));
  }
}

export const extendedTofts: KineticModel = {
  name: 'etm',
  parameters: [KTRANS, VE, VP_LINEAR],
  evaluate(p, grid, scratch, out, jac, delayColumn) {
    evaluateTofts(p[0], p[1], p[2], true, grid, scratch, out, jac, delayColumn);
  },
  warnings: () => [],
};

export const tofts: KineticModel = {
  name: 'tofts',
  parameters: [KTRANS, VE],
  evaluate(p, grid, scratch, out, jac, delayColumn) {
    evaluateTofts(p[0], p[1], 0, false, grid, scratch, out, jac, delayColumn);
  },
  warnings: () => [],
};
