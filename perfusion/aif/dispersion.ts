/**
 * Bolus dispersion between the measured artery and the tissue: the AIF convolved with a normalised
 * exponential transit-time distribution h(t) = e^{-t/tau}/tau (Calamante et al., MRM 2000;44:466, the
 * dispersion model used for DSC/DCE AIF-mismatch studies). Exact for the piecewise-linear AIF (the recursion
 * of models/exponential-convolution), so the tracer's area under the curve is preserved.
 */
import { PerfusionInputError } from '../errors';
import { ConvolutionGrid } from '../models/exponential-convolution';

/** The AIF `ca` (mM) at times `t` (s, increasing) dispersed with time constant `tauS` (s, >= 0; 0 = none). */
export function disperseAif(t: Float64Array, ca: Float64Array, tauS: number): Float64Array {
  if (!(tauS >= 0) || !Number.isFinite(tauS)) {
    throw new PerfusionInputError(
      'INVALID_DISPERSION',
      `dispersion time constant ${tauS} s must be finite and >= 0`,
    );
  }
  if (tauS === 0) return Float64Array.from(ca);
  const grid = new ConvolutionGrid();
  grid.set(t, t, ca);
  const out = new Float64Array(t.length);
  grid.convolve(1 / tauS, out, null);
  for (let i = 0; i < out.length; i++) out[i] /= tauS;
  return out;
}
