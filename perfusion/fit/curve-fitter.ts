/**
 * Fits one tissue model to one concentration curve: validation, linear least-squares start, bounded
 * Levenberg-Marquardt with the model's analytic Jacobian, optional arterial delay, identifiability flags.
 * A CurveFitter owns every buffer it needs and reuses them, so fitting thousands of curves allocates little;
 * keep one per thread.
 */
import { ConvolutionGrid } from '../models/exponential-convolution';
import { type KineticModel, ModelScratch } from '../models/kinetic-model';
import { validateCurve, validateTissue } from './curve-validation';
import { LevenbergMarquardt } from './levenberg-marquardt';
import { integrateTissue, LinearWorkspace, linearEstimate } from './linear-initialisers';

export interface CurveFitOptions {
  /** Fit the AIF arrival delay (s) within `delayBoundsS` (default [-10, 10] s, as OSIPI). */
  fitDelay?: boolean;
  delayBoundsS?: readonly [number, number];
  /** Names the curve in error messages, e.g. 'case "case_3"'. */
  where?: string;
}

export interface CurveFit {
  /** Fitted parameters, SI, in the model's parameter order (see model.parameters). */
  params: Float64Array;
  /** Fitted AIF delay (s); 0 when not fitted. */
  delayS: number;
  /** Root-mean-square residual (mM). */
  rmse: number;
  /** Identifiability warnings: '<osipi name>_at_lower_bound', '..._at_upper_bound', 'roots_near_equal'. */
  flags: string[];
  /** Levenberg-Marquardt iterations used. */
  iterations: number;
}

/** Step (s) of the coarse delay search that picks the start for the continuous delay fit. */
const DELAY_SEARCH_STEP_S = 1;

export class CurveFitter {
  private readonly grid = new ConvolutionGrid();
  private readonly scratch = new ModelScratch();
  private readonly linear = new LinearWorkspace();
  private readonly lm = new LevenbergMarquardt();
  private readonly p: number;
  private readonly x: Float64Array;
  private readonly xDelay: Float64Array;
  private readonly lower: Float64Array;
  private readonly upper: Float64Array;
  private readonly lowerDelay: Float64Array;
  private readonly upperDelay: Float64Array;
  // The curve being fitted (set per fit, no allocation): the delay model rebuilds the grid from it.
  private curveT: Float64Array = new Float64Array(0);
  private curveTa: Float64Array = new Float64Array(0);
  private curveCa: Float64Array = new Float64Array(0);
  private modelOut = new Float64Array(0);
  /** The sampling last validated, and whether the grid holds it without delay (false after a new sampling or a delay fit). */
  private readonly sampling = new SamplingCopy();
  private gridUndelayed = false;

  constructor(readonly model: KineticModel) {
    this.p = model.parameters.length;
    this.x = new Float64Array(this.p);
    this.xDelay = new Float64Array(this.p + 1);
    this.lower = Float64Array.from(model.parameters, (s) => s.lower);
    this.upper = Float64Array.from(model.parameters, (s) => s.upper);
    this.lowerDelay = new Float64Array(this.p + 1);
    this.upperDelay = new Float64Array(this.p + 1);
  }

  /** Fits tissue curve `ct` (mM) at times `t` (s) with plasma AIF `ca` (mM) at times `ta` (s). */
  fit(
    t: Float64Array,
    ct: Float64Array,
    ta: Float64Array,
    ca: Float64Array,
    options: CurveFitOptions = {},
  ): CurveFit {
    // Curves of one file or volume usually share their sampling: validated and gridded once, not per curve.
    const sameSampling = this.sampling.holds(t, ta, ca);
    if (sameSampling) validateTissue(t, ct, options.where ?? 'curve');
    else {
      validateCurve(t, ct, ta, ca, options.where ?? 'curve', this.p + 1);
      this.sampling.remember(t, ta, ca);
      this.gridUndelayed = false;
    }
    const n = t.length;
    this.scratch.ensure(n);
    if (this.modelOut.length < n) this.modelOut = new Float64Array(n);
    this.curveT = t;
    this.curveTa = ta;
    this.curveCa = ca;
    integrateTissue(t, ct, this.linear);
    if (options.fitDelay) {
      this.gridUndelayed = false;
      return this.fitWithDelay(ct, options.delayBoundsS ?? [-10, 10]);
    }
    if (!this.gridUndelayed) {
      this.grid.set(t, ta, ca, 0);
      this.gridUndelayed = true;
    }
    this.start(ct, this.x);
    const result = this.lm.minimise(this.fixedDelayModel, ct, n, this.x, this.lower, this.upper);
    return this.summarise(this.x, 0, result.sumSquares, n, result.iterations, null);
  }

  private fitWithDelay(ct: Float64Array, [dMin, dMax]: readonly [number, number]): CurveFit {
    const [t, ta, ca] = [this.curveT, this.curveTa, this.curveCa];
    const n = t.length;
    let bestSs = Number.POSITIVE_INFINITY;
    let bestDelay = 0;
    for (let d = dMin; d <= dMax + 1e-9; d += DELAY_SEARCH_STEP_S) {
      this.grid.set(t, ta, ca, d);
      this.start(ct, this.x);
      this.model.evaluate(this.x, this.grid, this.scratch, this.modelOut, null, false);
      let ss = 0;
      for (let i = 0; i < n; i++) ss += (ct[i] - this.modelOut[i]) ** 2;
      if (ss < bestSs) {
        bestSs = ss;
        bestDelay = d;
        this.xDelay.set(this.x);
      }
    }
    this.xDelay[this.p] = bestDelay;
    this.lowerDelay.set(this.lower);
    this.upperDelay.set(this.upper);
    this.lowerDelay[this.p] = dMin;
    this.upperDelay[this.p] = dMax;
    const result = this.lm.minimise(this.delayModel, ct, n, this.xDelay, this.lowerDelay, this.upperDelay);
    const delay = this.xDelay[this.p];
    return this.summarise(this.xDelay.subarray(0, this.p), delay, result.sumSquares, n, result.iterations, [
      dMin,
      dMax,
    ]);
  }

  /** LLS start on the current grid (tissue integrals already in the workspace), clamped into the bounds; the specs' start values if LLS is unusable. */
  private start(ct: Float64Array, x: Float64Array): void {
    const ok = linearEstimate(this.model.name, this.grid, ct, this.linear, x);
    const specs = this.model.parameters;
    for (let j = 0; j < this.p; j++) {
      const v = ok ? x[j] : specs[j].start;
      x[j] = Math.min(specs[j].upper, Math.max(specs[j].lower, v));
    }
  }

  private readonly fixedDelayModel = (x: Float64Array, out: Float64Array, jac: Float64Array): void => {
    this.model.evaluate(x, this.grid, this.scratch, out, jac, false);
  };

  private readonly delayModel = (x: Float64Array, out: Float64Array, jac: Float64Array): void => {
    this.grid.set(this.curveT, this.curveTa, this.curveCa, x[this.p]);
    this.model.evaluate(x, this.grid, this.scratch, out, jac, true);
  };

  private summarise(
    x: Float64Array,
    delayS: number,
    ss: number,
    n: number,
    iterations: number,
    delayBounds: readonly [number, number] | null,
  ): CurveFit {
    const flags: string[] = [];
    const specs = this.model.parameters;
    for (let j = 0; j < this.p; j++) {
      const tol = 1e-6 * (specs[j].upper - specs[j].lower);
      if (x[j] <= specs[j].lower + tol) flags.push(`${specs[j].osipiName}_at_lower_bound`);
      else if (x[j] >= specs[j].upper - tol) flags.push(`${specs[j].osipiName}_at_upper_bound`);
    }
    if (delayBounds && (delayS <= delayBounds[0] + 1e-6 || delayS >= delayBounds[1] - 1e-6))
      flags.push('delay_at_bound');
    flags.push(...this.model.warnings(x));
    return { params: Float64Array.from(x), delayS, rmse: Math.sqrt(ss / n), flags, iterations };
  }
}

/** A copy of the sampling (tissue times, AIF times and values) of the last curve, to recognise it again. */
class SamplingCopy {
  private readonly arrays = [new Float64Array(0), new Float64Array(0), new Float64Array(0)];
  private valid = false;

  /** True when t, ta, ca hold the remembered values exactly (bit for bit, so 0 and -0 differ). */
  holds(t: Float64Array, ta: Float64Array, ca: Float64Array): boolean {
    return this.valid && same(t, this.arrays[0]) && same(ta, this.arrays[1]) && same(ca, this.arrays[2]);
  }

  remember(t: Float64Array, ta: Float64Array, ca: Float64Array): void {
    [t, ta, ca].forEach((a, k) => {
      if (this.arrays[k].length !== a.length) this.arrays[k] = new Float64Array(a.length);
      this.arrays[k].set(a);
    });
    this.valid = true;
  }
}

function same(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (x !== b[i] || (x === 0 && 1 / x !== 1 / b[i])) return false;
  }
  return true;
}
