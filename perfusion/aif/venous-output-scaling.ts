/**
 * Partial-volume correction of a measured arterial curve by the venous output: the multiplicative rescaling
 * that makes the arterial curve's area equal to that of the venous output function (VOF) measured in a vessel
 * wide enough to hold whole voxels (the superior sagittal sinus). Evaluated for T1-weighted brain perfusion,
 * with its limits, by Hansen AE, Pedersen H, Rostrup E, Larsson HBW, "Partial volume effect (PVE) on the
 * arterial input function (AIF) in T1-weighted perfusion imaging and limitations of the multiplicative
 * rescaling approach", Magn Reson Med 2009;62:1055-1059 (ISMRM 2009 #1468); compared with peak and tail
 * rescaling by Bal SS et al., "Optimal scaling approaches for perfusion MRI with distorted arterial input
 * function (AIF) in patients with ischemic stroke", Brain Sci 2022;12:77, doi 10.3390/brainsci12010077.
 *
 * Why the areas must agree: the tracer that enters the brain through its arteries leaves through its veins,
 * so with flow F the integrals F * integral(ca dt) and F * integral(cv dt) are equal once the tracer the
 * tissue still holds is small against what has passed (brain with an intact barrier; Stewart-Hamilton).
 * A voxel that holds the artery in a fraction f of its volume measures about f ca plus tissue, so the ratio
 * of areas restores ca when the tissue share is small (Hansen et al.: the rescaling is biased as the tissue
 * share grows, below 15% when it is under 0.4).
 *
 * The rule is fixed here, before any evaluation, and takes no tuning:
 *  - areas over the whole acquisition (the common time range of both curves), not a first-pass window or a
 *    gamma-variate fit: at clinical frame intervals (5 s) the first pass holds 2-3 samples, too few to fit a
 *    gamma variate, while the whole-curve areas follow from tracer conservation with no model;
 *  - trapezoidal integration of the curves as sampled (the piecewise-linear reading the fitter uses);
 *  - no baseline subtraction (concentrations are already referenced to the pre-contrast frames).
 */
import { PerfusionInputError } from '../errors';

/** A sampled curve: strictly increasing times `tS` (s) and values `c` (mM). */
export interface SampledCurve {
  tS: ArrayLike<number>;
  c: ArrayLike<number>;
}

/**
 * Area (mM s) under a curve read as linear between its samples, from `fromS` to `toS` (s, inside the sampled
 * range): the trapezoid rule on the samples, with the curve interpolated at the two ends.
 */
export function curveAreaMmS(curve: SampledCurve, fromS: number, toS: number): number {
  const { tS, c } = curve;
  const at = (x: number) => {
    let j = 0;
    while (j < tS.length - 2 && tS[j + 1] < x) j++;
    return c[j] + ((x - tS[j]) / (tS[j + 1] - tS[j])) * (c[j + 1] - c[j]);
  };
  let area = 0;
  let prevT = fromS;
  let prevC = at(fromS);
  for (let i = 0; i < tS.length; i++) {
    if (tS[i] <= fromS) continue;
    if (tS[i] >= toS) break;
    area += 0.5 * (prevC + c[i]) * (tS[i] - prevT);
    prevT = tS[i];
    prevC = c[i];
  }
  return area + 0.5 * (prevC + at(toS)) * (toS - prevT);
}

/** Refuses a curve (`name` for the message) whose times and values differ in count or times do not increase. */
export function checkSampledCurve(name: string, curve: SampledCurve): void {
  if (curve.tS.length !== curve.c.length || curve.tS.length < 2)
    throw new PerfusionInputError(
      'INVALID_CURVE',
      `the ${name} curve needs as many times as values and at least 2 samples (got ${curve.tS.length} and ${curve.c.length})`,
    );
  for (let i = 1; i < curve.tS.length; i++)
    if (!(curve.tS[i] > curve.tS[i - 1]))
      throw new PerfusionInputError(
        'TIMES_NOT_INCREASING',
        `the ${name} curve's times must increase; sample ${i} (${curve.tS[i]} s) does not follow ${curve.tS[i - 1]} s`,
      );
}

export interface VenousOutputScaling {
  /** The factor applied to the arterial curve (dimensionless; > 1 when partial volume lowered it). */
  scale: number;
  /** Areas over the common window, mM s, and the window, s. */
  arteryAreaMmS: number;
  venousAreaMmS: number;
  windowS: [number, number];
  /** The corrected arterial curve, mM, at the arterial curve's times. */
  corrected: Float64Array;
}

/** The time range (s) both the arterial and the venous curve cover, over which their areas are compared. */
export function commonWindowS(artery: SampledCurve, venous: SampledCurve): [number, number] {
  const fromS = Math.max(artery.tS[0], venous.tS[0]);
  const toS = Math.min(artery.tS[artery.tS.length - 1], venous.tS[venous.tS.length - 1]);
  if (!(toS > fromS))
    throw new PerfusionInputError(
      'CURVES_DO_NOT_OVERLAP',
      `the arterial curve (${artery.tS[0]}-${artery.tS[artery.tS.length - 1]} s) and the venous curve (${venous.tS[0]}-${venous.tS[venous.tS.length - 1]} s) share no time range to compare their areas`,
    );
  return [fromS, toS];
}

/**
 * Scales the arterial curve `artery` (mM at s) so that its area over the time range both curves cover equals
 * that of the venous output `venous` (mM at s). Both are plasma concentrations (or both whole blood).
 */
export function scaleToVenousOutput(artery: SampledCurve, venous: SampledCurve): VenousOutputScaling {
  checkSampledCurve('arterial', artery);
  checkSampledCurve('venous', venous);
  const [fromS, toS] = commonWindowS(artery, venous);
  const arteryAreaMmS = curveAreaMmS(artery, fromS, toS);
  const venousAreaMmS = curveAreaMmS(venous, fromS, toS);
  if (!(arteryAreaMmS > 0) || !(venousAreaMmS > 0))
    throw new PerfusionInputError(
      'NO_ENHANCEMENT',
      `venous-output scaling needs both curves to enhance: areas ${arteryAreaMmS.toFixed(3)} mM s (arterial) and ${venousAreaMmS.toFixed(3)} mM s (venous) over ${fromS}-${toS} s; check that the curves hold concentrations after contrast arrival`,
    );
  const scale = venousAreaMmS / arteryAreaMmS;
  return {
    scale,
    arteryAreaMmS,
    venousAreaMmS,
    windowS: [fromS, toS],
    corrected: Float64Array.from(artery.c, (v) => v * scale),
  };
}
