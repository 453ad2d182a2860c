/**
 * Partial-volume correction of a measured arterial curve as a two-component mixture: the arterial region
 * measures m(t) = f ca(t) + (1 - f) ct(t), a fraction f of arterial plasma and the rest tissue, whose curve ct
 * is measured next to the artery (arterial-tissue-ring.ts). This is the model in which Hansen AE, Pedersen
 * H, Rostrup E, Larsson HBW, Magn Reson Med 2009;62:1055-1059 ("Partial volume effect (PVE) on the arterial
 * input function (AIF) in T1-weighted perfusion imaging and limitations of the multiplicative rescaling
 * approach") show that scaling m to the venous output's area (venous-output-scaling.ts) is biased: the tissue
 * term adds to m's area, which the rescaling credits to ca, while adding little to its first-pass peak, so the
 * rescaled curve's peak falls short. Subtracting the tissue term before scaling removes that bias.
 *
 * The rule, fixed before any evaluation run:
 *  - f from tracer conservation, as for `corrected`: what enters the brain through its arteries leaves
 *    through its veins, so ca and the venous output cv enclose the same area (Stewart-Hamilton). With areas A
 *    over the acquisition, A_m = f A_v + (1 - f) A_t gives f = (A_m - A_t) / (A_v - A_t);
 *  - areas over the whole time range the three curves share, by the trapezoid rule, no baseline subtraction
 *    (the choices of venous-output-scaling.ts, for the same reasons);
 *  - ca = (m - (1 - f) ct) / f at each sample of m, not clipped (noise may make baseline samples negative);
 *  - refused, not clamped: A_v <= A_t (the tissue around the artery encloses as much tracer as the venous
 *    output: no arterial share can be solved), f <= 0 (the arterial region encloses no more than its
 *    surroundings: it misses the artery) and f > 1 (the arterial curve encloses more than the venous output:
 *    there is no partial volume to correct, or the venous output is too low).
 * With ct = 0 the rule is venous-output scaling exactly. Its limits: the tissue inside the arterial voxels
 * must enhance as the ring's median does; noise in m is amplified by 1/f, as by the rescaling's factor; the
 * haematocrit is the assumed one; and in real images the mixture is of signals, linear in concentration only
 * while the lumen and tissue water exchange fast, or while the signal is near-linear in R1.
 * Units: times s, concentrations mM (all three curves on the same scale, e.g. plasma), f a fraction.
 */
import { PerfusionInputError } from '../errors';
import { checkSampledCurve, commonWindowS, curveAreaMmS, type SampledCurve } from './venous-output-scaling';

export interface TissueMixtureCorrection {
  /** The arterial plasma fraction f of the measured curve (0 < f <= 1). */
  fraction: number;
  /** Areas over the common window, mM s: measured arterial, tissue, venous; and the window, s. */
  measuredAreaMmS: number;
  tissueAreaMmS: number;
  venousAreaMmS: number;
  windowS: [number, number];
  /** The arterial curve ca, mM, at the measured curve's times. */
  corrected: Float64Array;
}

/**
 * Solves m = f ca + (1 - f) ct for f and ca, given the measured arterial curve `measured` (m), the tissue curve
 * `tissue` (ct, sampled at m's times) and the venous output `venous` (any times), all in mM at s.
 */
export function unmixArterialCurve(
  measured: SampledCurve,
  tissue: SampledCurve,
  venous: SampledCurve,
): TissueMixtureCorrection {
  checkSampledCurve('arterial', measured);
  checkSampledCurve('tissue', tissue);
  checkSampledCurve('venous', venous);
  const aligned =
    tissue.tS.length === measured.tS.length &&
    Array.from(measured.tS).every((t, i) => Math.abs(t - tissue.tS[i]) <= 1e-6 * Math.max(1, Math.abs(t)));
  if (!aligned)
    throw new PerfusionInputError(
      'CURVES_NOT_ALIGNED',
      `the tissue curve (${tissue.tS.length} samples, ${tissue.tS[0]}-${tissue.tS[tissue.tS.length - 1]} s) must be sampled at the arterial curve's times (${measured.tS.length} samples, ${measured.tS[0]}-${measured.tS[measured.tS.length - 1]} s) to be subtracted from it; measure both on the same frames`,
    );
  const [fromS, toS] = commonWindowS(measured, venous);
  const measuredAreaMmS = curveAreaMmS(measured, fromS, toS);
  const tissueAreaMmS = curveAreaMmS(tissue, fromS, toS);
  const venousAreaMmS = curveAreaMmS(venous, fromS, toS);
  const areas = `areas over ${fromS}-${toS} s: arterial ${measuredAreaMmS.toFixed(3)}, tissue ${tissueAreaMmS.toFixed(3)}, venous ${venousAreaMmS.toFixed(3)} mM s`;
  if (!(venousAreaMmS > tissueAreaMmS))
    throw new PerfusionInputError(
      'TISSUE_NOT_BELOW_VENOUS',
      `the tissue around the artery encloses no less tracer than the venous output (${areas}), so no arterial fraction can be solved; check that vof.csv holds the venous output on the plasma scale and that mask_artery lies in brain tissue`,
    );
  const fraction = (measuredAreaMmS - tissueAreaMmS) / (venousAreaMmS - tissueAreaMmS);
  if (!(fraction > 0 && fraction <= 1))
    throw new PerfusionInputError(
      'ARTERIAL_FRACTION_IMPLAUSIBLE',
      fraction > 1
        ? `the arterial curve encloses more tracer than the venous output (${areas}; arterial fraction ${fraction.toFixed(3)} > 1): there is no partial volume to correct, or vof.csv is too low; fit with --aif artery, or check vof.csv`
        : `the arterial region encloses no more tracer than the tissue around it (${areas}; arterial fraction ${fraction.toFixed(3)} <= 0): mask_artery misses the artery; redraw it`,
    );
  return {
    fraction,
    measuredAreaMmS,
    tissueAreaMmS,
    venousAreaMmS,
    windowS: [fromS, toS],
    corrected: Float64Array.from(measured.c, (m, i) => (m - (1 - fraction) * tissue.c[i]) / fraction),
  };
}
