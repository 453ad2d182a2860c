/**
 * The training/inference sample: a cubic neighbourhood of side n (odd) around a centre voxel, its tissue
 * concentration over T frames, and, for training, the five true parameters of every voxel of the patch.
 *
 * Layouts (all Float32Array, row-major):
 * - concentration: [frame][voxel], T x n^3, in mM; voxel index v = x + n (y + n z), centre at (n^3 - 1) / 2.
 * - labels: [voxel][parameter], n^3 x 5, in SI units, parameters in QTM_PARAMETERS order (|u| m/s, Fp 1/s,
 *   PS 1/s, vp, ve).
 *
 * Per-patch input normalisation (our design choice, docs/science.md 8.2): concentrations are
 * divided by the patch's largest |C| (at least MIN_PATCH_SCALE_MM), and ln of that scale is passed as one
 * extra constant channel, because without an AIF the absolute amplitude is what carries vp and ve.
 */
import { PerfusionInputError } from '../errors';
import { PARAMETER_COUNT } from './parameter-scales';

export interface PatchShape {
  /** Number of frames T. */
  frames: number;
  /** Neighbourhood side n (odd). */
  side: number;
}

export interface PatchSample {
  /** T x n^3 concentrations in mM, [frame][voxel]. */
  concentration: Float32Array;
  /** n^3 x 5 true parameters in SI units, [voxel][parameter]. */
  labels: Float32Array;
  /** Simulated subject the patch came from (the train/validation split is by subject). */
  subject: string;
}

/** Floor of the normalisation scale, mM: a flat all-zero patch (no enhancement) must not divide by zero. */
export const MIN_PATCH_SCALE_MM = 1e-4;

export function voxelsPerPatch(shape: PatchShape): number {
  return shape.side ** 3;
}

export function centreVoxel(shape: PatchShape): number {
  return (voxelsPerPatch(shape) - 1) / 2;
}

export function checkPatchShape(shape: PatchShape): void {
  if (!Number.isInteger(shape.frames) || shape.frames < 4) {
    throw new PerfusionInputError(
      'INVALID_PATCH_SHAPE',
      `patch needs an integer frame count >= 4, got ${shape.frames}`,
    );
  }
  if (!Number.isInteger(shape.side) || shape.side < 1 || shape.side % 2 === 0) {
    throw new PerfusionInputError(
      'INVALID_PATCH_SHAPE',
      `patch side must be a positive odd integer, got ${shape.side}`,
    );
  }
}

export function checkPatch(shape: PatchShape, patch: PatchSample, where: string): void {
  const v = voxelsPerPatch(shape);
  if (patch.concentration.length !== shape.frames * v) {
    throw new PerfusionInputError(
      'SHAPE_MISMATCH',
      `${where}: concentration has ${patch.concentration.length} values, expected frames x voxels = ${shape.frames} x ${v}`,
    );
  }
  if (patch.labels.length !== v * PARAMETER_COUNT) {
    throw new PerfusionInputError(
      'SHAPE_MISMATCH',
      `${where}: labels have ${patch.labels.length} values, expected ${v} x ${PARAMETER_COUNT}`,
    );
  }
}

/**
 * Normalises one patch into `out` (T x (n^3 + 1), [frame][channel]): channels 0..n^3-1 are C / scale,
 * the last is ln(scale / 1 mM). Returns the scale in mM.
 */
export function normalisePatch(
  shape: PatchShape,
  concentration: Float32Array,
  out: Float32Array,
  outOffset = 0,
): number {
  const v = voxelsPerPatch(shape);
  let scale = MIN_PATCH_SCALE_MM;
  for (let i = 0; i < concentration.length; i++) {
    const a = Math.abs(concentration[i]);
    if (a > scale) scale = a;
  }
  const logScale = Math.log(scale);
  for (let t = 0; t < shape.frames; t++) {
    const row = outOffset + t * (v + 1);
    for (let k = 0; k < v; k++) out[row + k] = concentration[t * v + k] / scale;
    out[row + v] = logScale;
  }
  return scale;
}
