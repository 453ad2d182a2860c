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
    grid.convolve(sp, y1, jac ? z1 : null);
    grid.convolve(sm, y2, jac ? z2 : null);
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
      const da = (dFp * sp + fp * dsp - D_GAMMA[j] - a * dD) / d;
      const db = (D_GAMMA[j] - dFp * sm - fp * dsm - b * dD) / d;
      const col = j * n;
      const k1 = a * dsp;
      const k2 = b * dsm;
      for (let i = 0; i < n; i++) jac[col + i] = da * y1[i] + k1 * z1[i] + db * y2[i] + k2 * z2[i];
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
