/**
 * The contract every tissue model meets, so one fitter, one CSV writer and one map writer serve all five.
 * Parameters are SI inside (fractions, 1/s); each spec says how OSIPI names and scales it at the edges.
 */
import type { ConvolutionGrid } from './exponential-convolution';

/** The tissue models by their CLI and file name; the registry (model-registry.ts) maps each to its code. */
export const MODEL_NAMES = ['2cxm', 'etm', 'tofts', 'patlak', '2cum'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export interface ParameterSpec {
  /** Name inside perfusion/ (e.g. Fp, PS, Ktrans, vp, ve). */
  readonly name: string;
  /** SI unit of the value inside perfusion/: '1/s' or '' (fraction). */
  readonly unit: '1/s' | '';
  /** Column name in OSIPI's reference files (fp, ps, Ktrans, vp, ve). */
  readonly osipiName: string;
  /** OSIPI unit: 'mL/100 mL/min', '/min' or '' (fraction). */
  readonly osipiUnit: string;
  /** Multiply the SI value by this to get the OSIPI value (6000 for Fp, 60 for rates, 1 for fractions). */
  readonly toOsipi: number;
  /** Fitting bounds (SI); OSIPI's test bounds where they are positive, a small positive floor where 0 would divide. */
  readonly lower: number;
  readonly upper: number;
  /** Fallback start (SI) when the linear initialiser gives nothing usable (OSIPI's test start values). */
  readonly start: number;
}

/** Reusable per-thread buffers for model evaluation (sized to the tissue curve). */
export class ModelScratch {
  y1 = new Float64Array(0);
  z1 = new Float64Array(0);
  y2 = new Float64Array(0);
  z2 = new Float64Array(0);

  ensure(n: number): void {
    if (this.y1.length >= n) return;
    this.y1 = new Float64Array(n);
    this.z1 = new Float64Array(n);
    this.y2 = new Float64Array(n);
    this.z2 = new Float64Array(n);
  }
}

export interface KineticModel {
  readonly name: ModelName;
  readonly parameters: readonly ParameterSpec[];
  /**
   * Tissue concentration (mM) at the grid's tissue times into `out`, for SI parameters `p`. When `jac` is given
   * it receives the Jacobian column-major (column j = dC/dp_j, n entries each); with `delayColumn` a further
   * column holds dC/d(delay) (mM/s) = -dC/dt for the AIF delay the grid was built with.
   */
  evaluate(
    p: Float64Array,
    grid: ConvolutionGrid,
    scratch: ModelScratch,
    out: Float64Array,
    jac: Float64Array | null,
    delayColumn: boolean,
  ): void;
  /** Identifiability warnings for a fitted SI parameter vector (e.g. 'roots_near_equal'); empty when none. */
  warnings(p: Float64Array): string[];
}
