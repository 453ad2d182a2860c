/**
 * The network's targets and how they are scaled. Every output is predicted on a standardised log scale,
 * z = (ln max(p, floor) - centre) / halfWidth, so parameters spanning decades (|u|, Fp, PS) weigh equally in
 * the loss and a positive value always decodes. Centre and half-width span the simulator priors of
 * docs/science.md 8.3 (our design choice: Fp 5-200 mL/100 mL/min, PS up to 0.3 /min, vp 0.005-0.15,
 * ve 0.02-0.6; |u| ~0.01-10 mm/s, docs/science.md 2), so z lies roughly in [-1, 1] on the prior.
 * Units (SI, as everywhere in perfusion/): |u| in m/s, Fp and PS in 1/s, vp and ve as fractions.
 */

export const QTM_PARAMETERS = ['u', 'fp', 'ps', 'vp', 've'] as const;
export type QtmParameter = (typeof QTM_PARAMETERS)[number];
export const PARAMETER_COUNT = QTM_PARAMETERS.length;

interface LogScale {
  /** Lower and upper end of the prior in SI units; the scale maps them to z = -1 and z = +1. */
  low: number;
  high: number;
  /** Values below this (e.g. PS = 0 in intact brain) are clamped before the logarithm; SI units. */
  floor: number;
}

export const PARAMETER_SCALES: Record<QtmParameter, LogScale> = {
  u: { low: 1e-5, high: 1e-2, floor: 1e-6 }, // m/s (0.01-10 mm/s)
  fp: { low: 5 / 6000, high: 200 / 6000, floor: 1e-5 }, // 1/s (5-200 mL/100 mL/min)
  ps: { low: 1e-4 / 60, high: 0.3 / 60, floor: 1e-6 / 60 }, // 1/s (1e-4 to 0.3 /min)
  vp: { low: 0.005, high: 0.15, floor: 1e-4 }, // fraction
  ve: { low: 0.02, high: 0.6, floor: 1e-3 }, // fraction
};

function centreAndHalfWidth(s: LogScale): [number, number] {
  const a = Math.log(s.low);
  const b = Math.log(s.high);
  return [(a + b) / 2, (b - a) / 2];
}

/** SI parameter value -> standardised log-scale target z (dimensionless). */
export function encodeParameter(name: QtmParameter, value: number): number {
  const s = PARAMETER_SCALES[name];
  const [c, h] = centreAndHalfWidth(s);
  return (Math.log(Math.max(value, s.floor)) - c) / h;
}

/** Standardised log-scale z -> SI parameter value (see PARAMETER_SCALES for units). */
export function decodeParameter(name: QtmParameter, z: number): number {
  const [c, h] = centreAndHalfWidth(PARAMETER_SCALES[name]);
  return Math.exp(c + h * z);
}

/** Ktrans = E Fp with E = PS / (Fp + PS) (Sourbron & Buckley, NMR Biomed 2013); all in 1/s. */
export function ktransFromFlowAndPermeability(fp: number, ps: number): number {
  return fp + ps > 0 ? (ps * fp) / (fp + ps) : 0;
}
