/**
 * Two-compartment exchange model (2CXM), parameters [Fp, PS, vp, ve]: Fp plasma flow (1/s), PS
 * permeability-surface product (1/s), vp plasma and ve extravascular-extracellular fractions.
 * IRF(t) = A e^{-s+ t} + B e^{-s- t}, with s+- the roots of s^2 - beta s + alpha and
 *   alpha = Fp PS/(vp ve), beta = (Fp + PS)/vp + PS/ve, gamma = Fp PS (1/vp + 1/ve),
 *   A = (Fp s+ - gamma)/D, B = (gamma - Fp s-)/D, D = s+ - s-  (so A + B = Fp = IRF(0)),
 * the partial-fraction form of Sourbron & Buckley, NBM 2013;26:1004 (their T, Tc, Te notation:
 * alpha = 1/(Tc Te), beta = (T + Te)/(Tc Te), gamma = (vp + ve) alpha). Derivatives by the chain rule through
 * (alpha, beta, gamma) -> (s+, s-, A, B).
 */
import type { ConvolutionGrid } from './exponential-convolution';
import type { KineticModel, ModelScratch, ParameterSpec } from './kinetic-model';
import { FP, PS, VE, VP } from './parameter-specs';

// Chain-rule scratch (d/d[Fp, PS, vp, ve]); module-level so the fitting loop allocates nothing.
const D_ALPHA = new Float64Array(4);
const D_BETA = new Float64Array(4);
const D_GAMMA = new Float64Array(4);
// Per column j: dC/dp_j = DA y1 + K1 z1 + DB y2 + K2 z2.
const DA = new Float64Array(4);
const K1 = new Float64Array(4);
const DB = new Float64Array(4);
const K2 = new Float64Array(4);

/** Relative root gap (s+ - s-)/(s+ + s-) below which Fp and PS trade off and the fit is flagged. */
const ROOT_GAP_WARNING = 0.02;

export interface ExchangeRoots {
  /** Fast and slow rates s+ >= s- (1/s) and amplitudes A, B (1/s) of the IRF. */
  sPlus: number;
  sMinus: number;
  a: number;
  b: number;
}

/** Rates and amplitudes of the 2CXM IRF for SI parameters; D is written in a form free of cancellation. */
export function exchangeRoots(fp: number, ps: number, vp: number, ve: number): ExchangeRoots {
  const f = fp / vp;
  const c = ps / ve;
  const bv = ps / vp;
  const beta = f + bv + c;
  const alpha = (fp * ps) / (vp * ve);
  const gamma = fp * ps * (1 / vp + 1 / ve);
  const d = Math.sqrt((f - c) * (f - c) + bv * (bv + 2 * f + 2 * c));
  const sPlus = (beta + d) / 2;
  const sMinus = alpha / sPlus;
  return { sPlus, sMinus, a: (fp * sPlus - gamma) / d, b: (gamma - fp * sMinus) / d };
}

export const twoCompartmentExchange: KineticModel = {
  name: '2cxm',
  parameters: [FP, PS, VP, VE] as readonly ParameterSpec[],

  evaluate(p, grid: ConvolutionGrid, scratch: ModelScratch, out, jac, delayColumn) {
    const fp = p[0];
    const ps = p[1];
    const vp = p[2];
    const ve = p[3];
    const n = grid.n;
    const f = fp / vp;
    const c = ps / ve;
    const bv = ps / vp;
    const beta = f + bv + c;
    const alpha = (fp * ps) / (vp * ve);
    const inv = 1 / vp + 1 / ve;
    const gamma = fp * ps * inv;
    const d = Math.sqrt((f - c) * (f - c) + bv * (bv + 2 * f + 2 * c));
    const sp = (beta + d) / 2;
    const sm = alpha / sp;
    const a = (fp * sp - gamma) / d;
    const b = (gamma - fp * sm) / d;
    const { y1, z1, y2, z2 } = scratch;
    grid.convolvePair(sp, y1, jac ? z1 : null, sm, y2, jac ? z2 : null);
    for (let i = 0; i < n; i++) out[i] = a * y1[i] + b * y2[i];
    if (!jac) return;
    // d(alpha, beta, gamma)/d(Fp, PS, vp, ve), written without dividing by Fp or PS (either may be tiny).
    D_ALPHA[0] = ps / (vp * ve);
    D_ALPHA[1] = fp / (vp * ve);
    D_ALPHA[2] = -alpha / vp;
    D_ALPHA[3] = -alpha / ve;
    D_BETA[0] = 1 / vp;
    D_BETA[1] = inv;
    D_BETA[2] = -(fp + ps) / (vp * vp);
    D_BETA[3] = -ps / (ve * ve);
    D_GAMMA[0] = ps * inv;
    D_GAMMA[1] = fp * inv;
    D_GAMMA[2] = (-fp * ps) / (vp * vp);
    D_GAMMA[3] = (-fp * ps) / (ve * ve);
    for (let j = 0; j < 4; j++) {
      const dFp = j === 0 ? 1 : 0;
      const dD = (beta * D_BETA[j] - 2 * D_ALPHA[j]) / d;
      const dsp = (D_BETA[j] + dD) / 2;
      const dsm = (D_ALPHA[j] - sm * dsp) / sp;
      DA[j] = (dFp * sp + fp * dsp - D_GAMMA[j] - a * dD) / d;
      K1[j] = a * dsp;
      DB[j] = (D_GAMMA[j] - dFp * sm - fp * dsm - b * dD) / d;
      K2[j] = b * dsm;
    }
    // The four columns in one pass over the convolutions: each sample of y1, z1, y2, z2 is read once.
    const da0 = DA[0];
    const da1 = DA[1];
    const da2 = DA[2];
    const da3 = DA[3];
    const k10 = K1[0];
    const k11 = K1[1];
    const k12 = K1[2];
    const k13 = K1[3];
    const db0 = DB[0];
    const db1 = DB[1];
    const db2 = DB[2];
    const db3 = DB[3];
    const k20 = K2[0];
    const k21 = K2[1];
    const k22 = K2[2];
    const k23 = K2[3];
    for (let i = 0; i < n; i++) {
      const u1 = y1[i];
      const w1 = z1[i];
      const u2 = y2[i];
      const w2 = z2[i];
      jac[i] = da0 * u1 + k10 * w1 + db0 * u2 + k20 * w2;
      jac[n + i] = da1 * u1 + k11 * w1 + db1 * u2 + k21 * w2;
      jac[2 * n + i] = da2 * u1 + k12 * w1 + db2 * u2 + k22 * w2;
      jac[3 * n + i] = da3 * u1 + k13 * w1 + db3 * u2 + k23 * w2;
    }
    if (delayColumn) {
      // dC/dt = IRF(0) ca - A s+ Y1 - B s- Y2, and delaying the AIF by tau shifts C: dC/dtau = -dC/dt.
      const col = 4 * n;
      const ca = grid.caAtT;
      for (let i = 0; i < n; i++) jac[col + i] = -(fp * ca[i] - a * sp * y1[i] - b * sm * y2[i]);
    }
  },

  warnings(p) {
    const r = exchangeRoots(p[0], p[1], p[2], p[3]);
    return (r.sPlus - r.sMinus) / (r.sPlus + r.sMinus) < ROOT_GAP_WARNING ? ['roots_near_equal'] : [];
  },
};
