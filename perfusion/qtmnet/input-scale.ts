/**
 * Subject-level input scaling of QTMnet (issue 9: an input that carries the injection). Tissue concentration
 * scales with the amount of tracer that reaches the brain: for fixed kinetics, C = Fp ca (x) IRF, so a larger
 * dose or a smaller cardiac output multiplies every tissue curve by the factor that multiplies the arterial
 * plasma curve ca. A network that sees concentrations alone cannot tell that factor from a larger vp or Ktrans.
 * The area under the venous output function (VOF), measured in a venous sinus wide enough to hold whole
 * voxels, equals the arterial curve's area once the tracer still held in tissue is small (Stewart-Hamilton;
 * the same tracer-conservation argument as the `corrected` AIF, perfusion/aif/venous-output-scaling.ts), so
 * dividing a subject's concentrations by its VOF area (relative to a reference) removes that factor from the
 * input without any arterial input function. What it cannot remove: the bolus's shape and timing (injection
 * duration, cardiac output's dispersion and arrival), and the haematocrit the analysis assumes when it reads
 * plasma from the sinus's blood.
 *
 * `venous-output-area`: factor = (VOF area over the whole acquisition, trapezoid, mM s) / VENOUS_OUTPUT_REFERENCE_AREA_MM_S;
 * the network sees C / factor (mM at the reference tracer amount). The kinetic parameters it is trained to
 * give do not change with the factor (they are properties of the tissue), so its outputs need no rescaling.
 */

import { curveAreaMmS, type SampledCurve } from '../aif/venous-output-scaling';
import { PerfusionInputError } from '../errors';

export const INPUT_SCALES = ['venous-output-area'] as const;
export type InputScale = (typeof INPUT_SCALES)[number];

/**
 * Reference VOF area, mM s: about the plasma area of the reference injection over a 300 s acquisition (Parker
 * et al. MRM 2006;56:993 at 0.1 mmol/kg, haematocrit 0.42: 245 mM s in blood, 422 in plasma; the venous output
 * is a little lower, as tissue still holds tracer). Any constant would do; this one keeps the scaled
 * concentrations in the range of unscaled ones, for which the patch normalisation's floor was chosen.
 */
export const VENOUS_OUTPUT_REFERENCE_AREA_MM_S = 400;

/** The factor a subject's concentrations are divided by, from its venous output (mM at s). */
export function venousOutputFactor(vof: SampledCurve, where: string): number {
  if (vof.tS.length !== vof.c.length || vof.tS.length < 2)
    throw new PerfusionInputError(
      'INVALID_VENOUS_OUTPUT',
      `${where}: the venous output needs as many times as values and at least 2 samples (got ${vof.tS.length} and ${vof.c.length})`,
    );
  for (let i = 1; i < vof.tS.length; i++)
    if (!(vof.tS[i] > vof.tS[i - 1]))
      throw new PerfusionInputError(
        'INVALID_VENOUS_OUTPUT',
        `${where}: the venous output's times must increase strictly (sample ${i}: ${vof.tS[i]} after ${vof.tS[i - 1]} s)`,
      );
  const area = curveAreaMmS(vof, vof.tS[0], vof.tS[vof.tS.length - 1]);
  if (!(Number.isFinite(area) && area > 0))
    throw new PerfusionInputError(
      'INVALID_VENOUS_OUTPUT',
      `${where}: the venous output's area is ${area} mM s; a model trained with input scale venous-output-area needs an enhancing venous sinus curve (check mask_vein and vof.csv)`,
    );
  return area / VENOUS_OUTPUT_REFERENCE_AREA_MM_S;
}

/**
 * The factor for a model's input scale: 1 without one; with `venous-output-area` the subject's VOF is
 * required (`where` names the subject in errors).
 */
export function subjectInputFactor(
  scale: InputScale | undefined,
  vof: SampledCurve | undefined,
  where: string,
): number {
  if (scale === undefined) return 1;
  if (vof === undefined)
    throw new PerfusionInputError(
      'VENOUS_OUTPUT_REQUIRED',
      `${where} has no venous output function (vof.csv), and the model was trained with input scale ${scale}: measure the venous sinus curve, or use a model trained without input scaling`,
    );
  return venousOutputFactor(vof, where);
}

/**
 * `concentration` (mM) divided by `factor`: a new array (the input stays untouched), or the input itself when
 * the factor is 1 (a model without an input scale), so callers need no branch of their own.
 */
export function scaledConcentration(concentration: Float32Array, factor: number): Float32Array {
  return factor === 1 ? concentration : concentration.map((c) => c / factor);
}
