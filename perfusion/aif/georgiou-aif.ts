/**
 * Georgiou population AIF: Georgiou L et al., "A functional form for a representative individual arterial
 * input function measured from a population using high temporal resolution DCE MRI", MRM 2019;81:1955,
 * doi 10.1002/mrm.27524. Horsfield-type form: a tri-exponential body times a train of gamma-variate
 * recirculation peaks spaced tau apart. Whole blood, fitted in minutes; the bolus arrives at t = 0.
 * (OSIPI interpolates the paper's tabulated supplement and uses the formula only beyond it; we use the formula.)
 */
import { logGamma } from '../math/log-gamma';

/** Published parameters (Georgiou 2019, Table 1); t in minutes inside the formula. */
const AMPLITUDES = [0.37, 0.33, 10.06]; // mM
const RATES = [0.11, 1.17, 16.02]; // 1/min
const ALPHA = 5.26; // gamma-variate shape
const BETA = 0.032; // min
const TAU = 0.129; // min, recirculation period

/** Georgiou 2019 whole-blood concentration (mM) at time `tS` (s) after bolus arrival at `onsetS` (s, default 0). */
export function georgiouBloodConcentration(tS: number, onsetS = 0): number {
  if (tS <= onsetS) return 0;
  const t = (tS - onsetS) / 60;
  let body = 0;
  for (let j = 0; j < 3; j++) body += AMPLITUDES[j] * Math.exp(-RATES[j] * t);
  let peaks = 0;
  const recirculations = Math.floor(t / TAU);
  for (let k = 0; k <= recirculations; k++) {
    const x = t - k * TAU;
    if (x <= 0) continue;
    const a = (k + 1) * ALPHA + k;
    // x^a e^{-x/beta} / (beta^{a+1} Gamma(a+1)) in log space: the powers overflow for late recirculations.
    peaks += Math.exp(a * Math.log(x) - x / BETA - (a + 1) * Math.log(BETA) - logGamma(a + 1));
  }
  return body * peaks;
}

/** Georgiou 2019 whole-blood AIF (mM) sampled at `tS` (s); convert to plasma with bloodToPlasma. */
export function georgiouBloodAif(tS: Float64Array, options: { onsetS?: number } = {}): Float64Array {
  const out = new Float64Array(tS.length);
  for (let i = 0; i < tS.length; i++) out[i] = georgiouBloodConcentration(tS[i], options.onsetS ?? 0);
  return out;
}
