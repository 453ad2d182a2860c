/**
 * Fits a tissue model to every voxel of a 4D concentration volume inside a mask. The volume is x fastest with
 * frames last (NIfTI order): value(v, f) = conc[v + f * voxelCount]. Masked voxels are gathered into
 * contiguous curves (so a batch can be shipped to a worker thread), fitted, and scattered back into maps.
 * Voxels with non-finite samples are skipped (NaN in every map) rather than failing the whole volume.
 */

import { PerfusionInputError } from '../errors';
import { kineticModel } from '../models/model-registry';
import { CurveFitter } from './curve-fitter';
import { validateSampling } from './curve-validation';

export interface VoxelBatchInput {
  model: string;
  /** Voxel curves, voxel-major: curves[k * nt + f] (mM); nt = t.length. */
  curves: Float32Array;
  /** Frame times (s); AIF times (s) and plasma AIF (mM). */
  t: Float64Array;
  ta: Float64Array;
  ca: Float64Array;
  fitDelay: boolean;
}

export interface VoxelBatchOutput {
  /** SI parameters, voxel-major: params[k * p + j] in the model's parameter order. */
  params: Float64Array;
  /** Fitted delay (s), RMS residual (mM), and status: 0 clean, 1 flagged (bound or roots), 2 skipped. */
  delayS: Float64Array;
  rmse: Float64Array;
  status: Uint8Array;
}

/** Fits each curve of the batch; progress reports voxels done (about every 256 voxels). */
export function fitVoxelBatch(
  input: VoxelBatchInput,
  onProgress?: (voxelsDone: number) => void,
): VoxelBatchOutput {
  const model = kineticModel(input.model);
  const p = model.parameters.length;
  const nt = input.t.length;
  const m = Math.floor(input.curves.length / nt);
  const out: VoxelBatchOutput = {
    params: new Float64Array(m * p),
    delayS: new Float64Array(m),
    rmse: new Float64Array(m),
    status: new Uint8Array(m),
  };
  const fitter = new CurveFitter(model);
  const ct = new Float64Array(nt);
  for (let k = 0; k < m; k++) {
    let finite = true;
    for (let f = 0; f < nt; f++) {
      ct[f] = input.curves[k * nt + f];
      finite = finite && Number.isFinite(ct[f]);
    }
    if (!finite) {
      out.params.fill(Number.NaN, k * p, (k + 1) * p);
      out.delayS[k] = out.rmse[k] = Number.NaN;
      out.status[k] = 2;
    } else {
      const fit = fitter.fit(input.t, ct, input.ta, input.ca, {
        fitDelay: input.fitDelay,
        where: `voxel ${k}`,
      });
      out.params.set(fit.params, k * p);
      out.delayS[k] = fit.delayS;
      out.rmse[k] = fit.rmse;
      out.status[k] = fit.flags.length > 0 ? 1 : 0;
    }
    if (onProgress && ((k + 1) % 256 === 0 || k + 1 === m)) onProgress(k + 1);
  }
  return out;
}

export interface VolumeFitInput {
  model: string;
  /** 4D concentration (mM), x fastest, frames last; length = voxelCount * t.length. */
  conc: Float32Array;
  /** Voxels per frame (nx * ny * nz). */
  voxelCount: number;
  /** Fit where mask != 0; null fits every voxel. */
  mask: Uint8Array | null;
  t: Float64Array;
  ta: Float64Array;
  ca: Float64Array;
  fitDelay: boolean;
}

export interface VolumeFitResult {
  /** One map per model parameter (SI units, model order), NaN outside the mask and at skipped voxels. */
  params: Float32Array[];
  /** Fitted delay (s), RMS residual (mM), and status (0 clean, 1 flagged, 2 skipped, 255 outside mask). */
  delayS: Float32Array;
  rmse: Float32Array;
  status: Uint8Array;
  fitted: number;
  flagged: number;
  skipped: number;
}

/** Indices of masked voxels and their curves gathered voxel-major (mM). Validates the shared inputs. */
export function gatherVoxelCurves(input: VolumeFitInput): { indices: Int32Array; curves: Float32Array } {
  const nt = input.t.length;
  validateSampling(input.t, input.ta, input.ca, 'volume', kineticModel(input.model).parameters.length + 1);
  if (input.conc.length !== input.voxelCount * nt || (input.mask && input.mask.length !== input.voxelCount)) {
    throw new PerfusionInputError(
      'SHAPE_MISMATCH',
      `volume has ${input.conc.length} values and the mask ${input.mask ? input.mask.length : 'is absent'}; expected ${input.voxelCount} voxels x ${nt} frames and a mask of ${input.voxelCount} voxels`,
    );
  }
  const mask = input.mask;
  const inMask = (v: number) => mask === undefined || mask === null || mask[v] !== 0;
  let m = 0;
  for (let v = 0; v < input.voxelCount; v++) if (inMask(v)) m++;
  const indices = new Int32Array(m);
  let k = 0;
  for (let v = 0; v < input.voxelCount; v++) if (inMask(v)) indices[k++] = v;
  return { indices, curves: curvesAt(input.conc, input.voxelCount, nt, indices) };
}

/** The curves of `voxels` (in that order) from a frames-last 4D array, gathered voxel-major (mM). */
export function curvesAt(
  conc: ArrayLike<number>,
  voxelCount: number,
  frames: number,
  voxels: ArrayLike<number>,
): Float32Array {
  const curves = new Float32Array(voxels.length * frames);
  for (let k = 0; k < voxels.length; k++) {
    for (let f = 0; f < frames; f++) curves[k * frames + f] = conc[voxels[k] + f * voxelCount];
  }
  return curves;
}

/** Places batch results (in gathered order) into full-volume maps. */
export function scatterVoxelFits(
  input: VolumeFitInput,
  indices: Int32Array,
  fits: VoxelBatchOutput,
): VolumeFitResult {
  const p = kineticModel(input.model).parameters.length;
  const blank = () => new Float32Array(input.voxelCount).fill(Number.NaN);
  const result: VolumeFitResult = {
    params: Array.from({ length: p }, blank),
    delayS: blank(),
    rmse: blank(),
    status: new Uint8Array(input.voxelCount).fill(255),
    fitted: 0,
    flagged: 0,
    skipped: 0,
  };
  indices.forEach((v, k) => {
    for (let j = 0; j < p; j++) result.params[j][v] = fits.params[k * p + j];
    result.delayS[v] = fits.delayS[k];
    result.rmse[v] = fits.rmse[k];
    result.status[v] = fits.status[k];
    if (fits.status[k] === 2) result.skipped++;
    else {
      result.fitted++;
      if (fits.status[k] === 1) result.flagged++;
    }
  });
  return result;
}

/** Fits every masked voxel on this thread; compute/ splits the same work over all cores. */
export function fitVolume(
  input: VolumeFitInput,
  onProgress?: (voxelsDone: number, voxelsTotal: number) => void,
): VolumeFitResult {
  const { indices, curves } = gatherVoxelCurves(input);
  const fits = fitVoxelBatch(
    { model: input.model, curves, t: input.t, ta: input.ta, ca: input.ca, fitDelay: input.fitDelay },
    onProgress && ((done) => onProgress(done, indices.length)),
  );
  return scatterVoxelFits(input, indices, fits);
}
