/**
 * Pre-contrast T1 as an analysis measures it: a variable-flip-angle (VFA) acquisition of every imaging voxel,
 * SPGR signals at the nominal flip angles times the subject's flip-angle scale (transmit B1) with Rician noise,
 * fitted with the nominal angles (perfusion/signal/variable-flip-angle.ts: DESPOT1 start, then nonlinear least
 * squares). Signal-to-concentration then uses this estimate, so its error reaches the concentrations as it
 * does in practice. With no flip angles the true T10 is returned. Units: s, 1/s, degrees.
 */
import { LevenbergMarquardt } from '../fit/levenberg-marquardt';
import type { SeededRandom } from '../random/seeded-random';
import { spgrSignal } from '../signal/spgr-signal';
import { fitVariableFlipAngle } from '../signal/variable-flip-angle';
import { ricianSample } from './acquisition';

export interface VfaAcquisition {
  /** Nominal flip angles, degrees (empty: the true T10 is returned). */
  flipDeg: number[];
  /** Repetition time, s. */
  trS: number;
  /** Actual / nominal flip angle. */
  flipAngleScale: number;
  /** Equilibrium magnetisation and Rician noise sigma, signal units (sigma 0: noise-free). */
  m0: number;
  sigma: number;
  rng: SeededRandom;
}

/** Estimated T10 (s) of every voxel of true longitudinal rate `r10PerS` (1/s). */
export function mapT10(r10PerS: Float64Array, o: VfaAcquisition): Float64Array {
  if (o.flipDeg.length === 0) return r10PerS.map((r) => 1 / r);
  const nominal = Float64Array.from(o.flipDeg);
  const trS = new Float64Array(nominal.length).fill(o.trS);
  const signal = new Float64Array(nominal.length);
  const lm = new LevenbergMarquardt();
  return r10PerS.map((r1) => {
    for (let k = 0; k < nominal.length; k++)
      signal[k] = ricianSample(
        spgrSignal(o.m0, r1, { flipDeg: nominal[k] * o.flipAngleScale, trS: o.trS }),
        o.sigma,
        o.rng,
      );
    return 1 / fitVariableFlipAngle(signal, nominal, trS, lm).r1PerS;
  });
}
