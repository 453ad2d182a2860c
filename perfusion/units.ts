/**
 * Unit conversions between the field's reporting units (OSIPI: Fp in mL/100 mL/min, PS and Ktrans in /min)
 * and the SI units used everywhere inside perfusion/ (1/s). A factor-of-6000 slip is the classic DCE bug, so
 * every edge converts through these named functions and nothing else.
 */

/** Plasma flow: mL/100 mL/min -> 1/s (divide by 100 for per-mL, by 60 for per-second). */
export function mlPer100mlPerMinToPerSecond(value: number): number {
  return value / 6000;
}

/** Plasma flow: 1/s -> mL/100 mL/min. */
export function perSecondToMlPer100mlPerMin(value: number): number {
  return value * 6000;
}

/** Rate constants (PS, Ktrans, kep): 1/min -> 1/s. */
export function perMinToPerSecond(value: number): number {
  return value / 60;
}

/** Rate constants (PS, Ktrans, kep): 1/s -> 1/min. */
export function perSecondToPerMin(value: number): number {
  return value * 60;
}

/** Time: minutes -> seconds. */
export function minutesToSeconds(value: number): number {
  return value * 60;
}
