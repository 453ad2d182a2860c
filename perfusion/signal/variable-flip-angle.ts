/**
 * Variable-flip-angle (VFA) T1 mapping: fits S(a_k) = M0 sin a_k (1 - E1)/(1 - cos a_k E1), E1 = exp(-TR R1),
 * to signals at several flip angles. Start from the linear DESPOT1 form S/sin a = E1 S/tan a + M0 (1 - E1)
 * (Deoni, Rutt & Peters, MRM 2003;49:515), then a nonlinear least-squares fit on the signals themselves, which
 * weights the measurements correctly (the linear form does not reach 1% R1 on every voxel).
 */
import { PerfusionInputError } from '../errors';
import { LevenbergMarquardt } from '../fit/levenberg-marquardt';

export interface VfaFit {
  /** Equilibrium magnetisation (signal units) and longitudinal relaxation rate R1 = 1/T1 (1/s). */
  m0: number;
  r1PerS: number;
}

/**
 * Fits M0 and R1 (1/s) to signals `s` (a.u.) acquired at flip angles `flipDeg` (degrees) and repetition times
 * `trS` (s; one per acquisition). Needs at least two distinct flip angles.
 */
export function fitVariableFlipAngle(
  s: Float64Array,
  flipDeg: Float64Array,
  trS: Float64Array,
  lm = new LevenbergMarquardt(),
): VfaFit {
  const n = s.length;
  if (flipDeg.length !== n || trS.length !== n || n < 2) {
    throw new PerfusionInputError(
      'LENGTH_MISMATCH',
      `VFA needs one flip angle and TR per signal and at least 2 signals; got ${n} signals, ${flipDeg.length} angles, ${trS.length} TRs`,
    );
  }
  const sinA = flipDeg.map((d) => Math.sin((d * Math.PI) / 180));
  const cosA = flipDeg.map((d) => Math.cos((d * Math.PI) / 180));
  const x = linearStart(s, sinA, cosA, trS);
  const model = (p: Float64Array, out: Float64Array, jac: Float64Array) => {
    const [m0, r1] = [p[0], p[1]];
    for (let k = 0; k < n; k++) {
      const e1 = Math.exp(-trS[k] * r1);
      const den = 1 - cosA[k] * e1;
      out[k] = (m0 * sinA[k] * (1 - e1)) / den;
      jac[k] = (sinA[k] * (1 - e1)) / den;
      // dS/dE1 = M0 sin a (cos a - 1)/den^2 and dE1/dR1 = -TR E1.
      jac[n + k] = ((m0 * sinA[k] * (cosA[k] - 1)) / (den * den)) * (-trS[k] * e1);
    }
  };
  lm.minimise(
    model,
    s,
    n,
    x,
    new Float64Array([0, 1e-3]),
    new Float64Array([Number.POSITIVE_INFINITY, 1e3]),
    100,
    1e-14,
  );
  return { m0: x[0], r1PerS: x[1] };
}

/** DESPOT1 regression y = E1 x + M0 (1 - E1), y = S/sin a, x = S/tan a (uses the mean TR). */
function linearStart(
  s: Float64Array,
  sinA: Float64Array,
  cosA: Float64Array,
  trS: Float64Array,
): Float64Array {
  const n = s.length;
  let [sx, sy, sxx, sxy, tr] = [0, 0, 0, 0, 0];
  for (let k = 0; k < n; k++) {
    const y = s[k] / sinA[k];
    const x = (s[k] * cosA[k]) / sinA[k];
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
    tr += trS[k] / n;
  }
  const e1 = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const m0 = (sy - e1 * sx) / n / (1 - e1);
  const usable = e1 > 0 && e1 < 1 && m0 > 0;
  return Float64Array.from(usable ? [m0, -Math.log(e1) / tr] : [Math.max(...s) * 10, 1]);
}
