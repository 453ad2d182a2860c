/**
 * Fits one model to many curves with one reusable CurveFitter: the unit of work that compute/ hands to each
 * worker thread. Inputs and outputs are plain objects of typed arrays, so they cross thread boundaries by
 * structured clone.
 */
import { kineticModel } from '../models/model-registry';
import { type CurveFit, CurveFitter } from './curve-fitter';

export interface CurveToFit {
  label: string;
  /** Tissue times (s) and concentrations (mM); AIF times (s) and plasma concentrations (mM). */
  t: Float64Array;
  ct: Float64Array;
  ta: Float64Array;
  ca: Float64Array;
}

export interface CurveBatchInput {
  /** Model name: 2cxm, etm, tofts, patlak or 2cum. */
  model: string;
  curves: CurveToFit[];
  fitDelay: boolean;
}

/** Progress is reported as the number of curves fitted so far, about every 64 curves. */
export function fitCurveBatch(input: CurveBatchInput, onProgress?: (curvesDone: number) => void): CurveFit[] {
  const fitter = new CurveFitter(kineticModel(input.model));
  const fits: CurveFit[] = new Array(input.curves.length);
  input.curves.forEach((c, i) => {
    fits[i] = fitter.fit(c.t, c.ct, c.ta, c.ca, { fitDelay: input.fitDelay, where: `curve "${c.label}"` });
    if (onProgress && ((i + 1) % 64 === 0 || i + 1 === input.curves.length)) onProgress(i + 1);
  });
  return fits;
}
