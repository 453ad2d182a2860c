/**
 * The plain forward model: a tissue concentration curve from a model name, named SI parameters, a plasma AIF
 * and the tissue sample times. It checks its input, allocates its own buffers and then calls the same
 * `evaluate` (and exact convolution, models/exponential-convolution) that the fitter calls, so simulated and
 * fitted curves cannot drift apart. Loops over many curves that must not allocate keep a ConvolutionGrid and
 * a ModelScratch and call `evaluate` themselves, as fit/curve-fitter does.
 */
import { PerfusionInputError } from '../errors';
import { ConvolutionGrid } from './exponential-convolution';
import { type KineticModel, ModelScratch } from './kinetic-model';
import { kineticModel } from './model-registry';
import { checkSameLength, checkSampling } from './sampled-curve-checks';

/** A plasma arterial input function. */
export interface PlasmaAif {
  /** Sample times (s), strictly increasing, at least two. */
  readonly times: Float64Array;
  /** Plasma concentration (mM) at each time; read as linear between samples and zero before the first. */
  readonly plasma: Float64Array;
}

/**
 * Parameters by the names in the model's `parameters` specs, in SI: Fp, PS and Ktrans in 1/s (mL/s per mL of
 * tissue), vp and ve as fractions. E.g. 2cxm: { Fp, PS, vp, ve }; etm: { Ktrans, ve, vp }; tofts: { Ktrans, ve };
 * patlak: { Ktrans, vp }; 2cum: { Fp, PS, vp }.
 */
export type NamedParameters = Readonly<Record<string, number>>;

export interface ModelCurveOptions {
  /** Arrival delay (s) of the AIF at the tissue: the tissue sees the AIF at t - delayS. Default 0. */
  readonly delayS?: number;
}

/**
 * Tissue concentration (mM) at `times` (s, strictly increasing) of model `model` (2cxm, etm, tofts, patlak,
 * 2cum) with SI parameters `params`, fed by `aif`. Throws PerfusionInputError: UNKNOWN_MODEL,
 * MISSING_PARAMETER, UNKNOWN_PARAMETER, INVALID_PARAMETER (negative, or zero where the model divides by it),
 * NON_FINITE_VALUE, LENGTH_MISMATCH, CURVE_TOO_SHORT, TIMES_NOT_INCREASING.
 */
export function modelCurve(
  model: string,
  params: NamedParameters,
  aif: PlasmaAif,
  times: Float64Array,
  options: ModelCurveOptions = {},
): Float64Array {
  const kinetic = kineticModel(model);
  const p = parameterVector(kinetic, params);
  const where = `${model} model curve`;
  checkSameLength(aif.times, aif.plasma, where, 'AIF');
  if (times.length < 1 || aif.times.length < 2) {
    throw new PerfusionInputError(
      'CURVE_TOO_SHORT',
      `${where}: ${times.length} tissue and ${aif.times.length} AIF samples; give at least 1 tissue time and 2 AIF samples`,
    );
  }
  checkSampling(times, aif.times, aif.plasma, where);
  const delayS = options.delayS ?? 0;
  if (!Number.isFinite(delayS)) {
    throw new PerfusionInputError(
      'NON_FINITE_VALUE',
      `${where}: AIF delay is ${delayS} s; give a finite delay`,
    );
  }
  const grid = new ConvolutionGrid();
  grid.set(times, aif.times, aif.plasma, delayS);
  const scratch = new ModelScratch();
  scratch.ensure(times.length);
  const out = new Float64Array(times.length);
  kinetic.evaluate(p, grid, scratch, out, null, false);
  return out;
}

/** `values` (SI, in the model's parameter order, as CurveFit.params) keyed by parameter name. */
export function namedParameters(model: string, values: ArrayLike<number>): Record<string, number> {
  const specs = kineticModel(model).parameters;
  if (values.length !== specs.length) {
    throw new PerfusionInputError(
      'LENGTH_MISMATCH',
      `${values.length} values for the ${specs.length} parameters of ${model}; give one value each, in the order ${specs.map((s) => s.name).join(', ')}`,
    );
  }
  return Object.fromEntries(specs.map((s, j) => [s.name, values[j]]));
}

/** The named parameters as the model's SI vector, checked: every name present once, none unknown, in range. */
function parameterVector(model: KineticModel, params: NamedParameters): Float64Array {
  const specs = model.parameters;
  const expected = specs.map((s) => `${s.name}${s.unit ? ` (${s.unit})` : ''}`).join(', ');
  for (const key of Object.keys(params)) {
    if (!specs.some((s) => s.name === key)) {
      throw new PerfusionInputError(
        'UNKNOWN_PARAMETER',
        `${model.name} has no parameter "${key}"; its parameters are ${expected}`,
      );
    }
  }
  return Float64Array.from(specs, (s) => {
    if (!Object.hasOwn(params, s.name)) {
      throw new PerfusionInputError(
        'MISSING_PARAMETER',
        `${model.name} needs parameter "${s.name}"; give all of ${expected}`,
      );
    }
    const v = params[s.name];
    const unit = s.unit ? ` ${s.unit}` : '';
    if (!Number.isFinite(v)) {
      throw new PerfusionInputError(
        'NON_FINITE_VALUE',
        `${model.name}: ${s.name} is ${v}${unit}; give a finite value`,
      );
    }
    // A positive fitting floor marks a parameter the model divides by (parameter-specs), so 0 is refused there.
    if (v < 0 || (v === 0 && s.lower > 0)) {
      throw new PerfusionInputError(
        'INVALID_PARAMETER',
        `${model.name}: ${s.name} is ${v}${unit}; it must be ${s.lower > 0 ? '> 0' : '>= 0'}`,
      );
    }
    return v;
  });
}
