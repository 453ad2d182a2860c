/**
 * Spoiled gradient-echo (SPGR / FLASH) steady-state signal and its inversion to concentration.
 *   S = M0 sin(a) (1 - E1)/(1 - cos(a) E1),  E1 = exp(-TR R1),  R1 = R10 + r1 C
 * (e.g. Haacke et al., Magnetic Resonance Imaging: Physical Principles, eq. 18.57). Baseline convention of
 * OSIPI's DCE code (SI2Conc tests): S0 is the mean of baseline samples 2..n (1-based), skipping the first
 * dynamic, which is often not yet in steady state.
 */
import { PerfusionInputError } from '../errors';

export interface SpgrProtocol {
  /** Flip angle (degrees). */
  flipDeg: number;
  /** Repetition time (s). */
  trS: number;
}

/** SPGR signal (arbitrary units, as M0) for equilibrium magnetisation `m0` and longitudinal rate `r1` (1/s). */
export function spgrSignal(m0: number, r1PerS: number, protocol: SpgrProtocol): number {
  const a = (protocol.flipDeg * Math.PI) / 180;
  const e1 = Math.exp(-protocol.trS * r1PerS);
  return (m0 * Math.sin(a) * (1 - e1)) / (1 - Math.cos(a) * e1);
}

export interface ConcentrationProtocol extends SpgrProtocol {
  /** Pre-contrast T1 (s). */
  t10S: number;
  /** Relaxivity r1 (1/(mM s)). */
  r1PerMmS: number;
}

/** Signal (a.u.) of a concentration curve `c` (mM), for equilibrium magnetisation `m0`. */
export function concentrationToSignal(
  c: Float64Array,
  m0: number,
  protocol: ConcentrationProtocol,
): Float64Array {
  const r10 = 1 / protocol.t10S;
  return c.map((v) => spgrSignal(m0, r10 + protocol.r1PerMmS * v, protocol));
}

/**
 * Concentration (mM) from an SPGR signal curve `s` (a.u.), with S0 = mean of samples 2..`baselineCount`
 * (1-based; OSIPI's convention). Throws BASELINE_TOO_SHORT when fewer than 2 baseline samples exist.
 */
export function signalToConcentration(
  s: Float64Array,
  baselineCount: number,
  protocol: ConcentrationProtocol,
): Float64Array {
  if (!(baselineCount >= 2 && baselineCount <= s.length)) {
    throw new PerfusionInputError(
      'BASELINE_TOO_SHORT',
      `baseline of ${baselineCount} samples for a ${s.length}-sample curve; S0 averages samples 2..n, so give 2 <= n <= curve length`,
    );
  }
  let s0 = 0;
  for (let i = 1; i < baselineCount; i++) s0 += s[i];
  return concentrationFromBaseline(s, s0 / (baselineCount - 1), protocol);
}

/**
 * Concentration (mM) from an SPGR signal curve `s` (a.u.) and its pre-contrast signal `s0` (a.u.): M0 from S0
 * and T10, then E1 = (M0 sin a - S)/(M0 sin a - S cos a), R1 = -ln(E1)/TR, C = (R1 - R10)/r1. Samples the
 * equation cannot invert (E1 <= 0: noise at or above the fully relaxed signal M0 sin a) come out NaN or infinite.
 */
export function concentrationFromBaseline(
  s: Float64Array,
  s0: number,
  protocol: ConcentrationProtocol,
): Float64Array {
  const a = (protocol.flipDeg * Math.PI) / 180;
  const sinA = Math.sin(a);
  const cosA = Math.cos(a);
  const r10 = 1 / protocol.t10S;
  const e10 = Math.exp(-protocol.trS * r10);
  const m0 = (s0 * (1 - cosA * e10)) / (sinA * (1 - e10));
  return s.map((si) => {
    const e1 = (m0 * sinA - si) / (m0 * sinA - si * cosA);
    const r1 = -Math.log(e1) / protocol.trS;
    return (r1 - r10) / protocol.r1PerMmS;
  });
}
