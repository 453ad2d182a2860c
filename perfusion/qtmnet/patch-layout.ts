/**
 * The training/inference sample: a cubic neighbourhood of side n (odd) around a centre voxel, or a whole
 * block of nx x ny x nz voxels (e.g. a whole subject, for the 3D U-Net), its tissue concentration over T
 * frames, and, for training, the five true parameters of every voxel of the patch.
 *
 * Layouts (all Float32Array, row-major; a cube has nx = ny = nz = n and V = n^3):
 * - concentration: [frame][voxel], T x V, in mM; voxel index v = x + nx (y + ny z), a cube's centre at (V - 1) / 2.
 * - labels: [voxel][parameter], V x 5, in SI units, parameters in QTM_PARAMETERS order (|u| m/s, Fp 1/s,
 *   PS 1/s, vp, ve).
 *
 * Per-patch input normalisation (our design choice, docs/science.md 8.2): concentrations are
 * divided by the patch's largest |C| (at least MIN_PATCH_SCALE_MM), and ln of that scale is passed as one
 * extra constant channel, because without an AIF the absolute amplitude is what carries vp and ve.
 */
import { PerfusionInputError } from '../errors';
import { PARAMETER_COUNT } from './parameter-scales';

/** A neighbourhood: the cube of side n (odd) around the voxel a sample describes. */
export interface CubeShape {
  /** Number of frames T. */
  frames: number;
  /** Neighbourhood side n (odd). */
  side: number;
}

/** A whole block, e.g. a whole simulated subject (only the 3D U-Net takes it: it predicts every voxel). */
export interface BlockShape {
  /** Number of frames T. */
  frames: number;
  /** Extent [nx, ny, nz] in voxels. */
  block: [number, number, number];
}

export type PatchShape = CubeShape | BlockShape;

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

/** [nx, ny, nz] of the sample, voxels. */
export function patchDims(shape: PatchShape): [number, number, number] {
  return 'block' in shape ? shape.block : [shape.side, shape.side, shape.side];
}

export function voxelsPerPatch(shape: PatchShape): number {
  const [nx, ny, nz] = patchDims(shape);
  return nx * ny * nz;
}

/** The shape as a cube, or INVALID_PATCH_SHAPE naming `what` needs one (a neighbourhood around a voxel). */
export function requireCube(shape: PatchShape, what: string): CubeShape {
  if ('block' in shape) {
    throw new PerfusionInputError(
      'INVALID_PATCH_SHAPE',
      `${what} needs neighbourhood samples (side n), not whole ${shape.block.join('x')} blocks; blocks are for the unet3d network`,
    );
  }
  return shape;
}

export function centreVoxel(shape: CubeShape): number {
  return (shape.side ** 3 - 1) / 2;
}

export function checkPatchShape(shape: PatchShape): void {
  if (!Number.isInteger(shape.frames) || shape.frames < 4) {
    throw new PerfusionInputError(
      'INVALID_PATCH_SHAPE',
      `patch needs an integer frame count >= 4, got ${shape.frames}`,
    );
  }
  if ('block' in shape) {
    if (shape.block.length !== 3 || !shape.block.every((n) => Number.isInteger(n) && n >= 1)) {
      throw new PerfusionInputError(
        'INVALID_PATCH_SHAPE',
        `patch block must be three positive integers [nx, ny, nz], got ${JSON.stringify(shape.block)}`,
      );
    }
  } else if (!Number.isInteger(shape.side) || shape.side < 1 || shape.side % 2 === 0) {
    throw new PerfusionInputError(
      'INVALID_PATCH_SHAPE',
      `patch side must be a positive odd integer, got ${shape.side}`,
    );
  }
}

/** Same sample layout (frames and extent): what a dataset's shards and a network must agree on. */
export function samePatchShape(a: PatchShape, b: PatchShape): boolean {
  return (
    a.frames === b.frames &&
    patchDims(a).join('x') === patchDims(b).join('x') &&
    'block' in a === 'block' in b
  );
}

export function describePatchShape(shape: PatchShape): string {
  return `${shape.frames}-frame ${'block' in shape ? `${shape.block.join('x')} block` : `side-${shape.side}`}`;
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
