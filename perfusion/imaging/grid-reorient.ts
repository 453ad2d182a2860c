/**
 * Volumes of one subject written by different tools share a voxel grid up to the order and direction of the
 * axes (dcm2niix, for one, stores DICOM rows bottom-up). From each volume's voxel-to-world affine (mm) this
 * finds the signed axis permutation taking target voxel indices to source voxel indices and copies voxels
 * accordingly. Any other relation (an oblique rotation, another voxel size, a shifted or larger field of view)
 * is refused: this is a relabelling of the same voxels, not a resampler.
 */
import { PerfusionInputError } from '../errors';

export interface VoxelGrid {
  dims: [number, number, number];
  /** 4x4 voxel-index -> world (mm) affine, row major. */
  affine: number[][];
}

type Voxels = Float32Array | Float64Array | Uint8Array | Int16Array;

/** Tolerance, in voxels, on the mapping's entries (affines are stored as float32). */
const TOLERANCE = 1e-3;

/**
 * For each target axis j: the source axis it runs along, its direction (+1/-1), and the source index of target
 * voxel 0. Throws GRID_MISMATCH when the grids are not the same voxels.
 */
export function gridMapping(
  source: VoxelGrid,
  target: VoxelGrid,
): { axis: number[]; sign: number[]; origin: number[] } {
  const inverse = invertAffine(source.affine);
  const m = [0, 1, 2].map((r) =>
    [0, 1, 2, 3].map((c) =>
      inverse[r].reduce((s, a, k) => s + a * (k < 3 ? target.affine[k][c] : c === 3 ? 1 : 0), 0),
    ),
  );
  const axis: number[] = [];
  const sign: number[] = [];
  for (let j = 0; j < 3; j++) {
    const column = [m[0][j], m[1][j], m[2][j]];
    const p = column.findIndex((x) => Math.abs(Math.abs(x) - 1) < TOLERANCE);
    if (p < 0 || column.some((x, r) => r !== p && Math.abs(x) > TOLERANCE) || axis.includes(p))
      throw mismatch(
        `target axis ${j} runs along [${column.map((x) => x.toFixed(3)).join(', ')}] source voxels`,
      );
    axis.push(p);
    sign.push(Math.sign(column[p]));
  }
  const origin = [0, 1, 2].map((r) => m[r][3]);
  if (origin.some((o) => Math.abs(o - Math.round(o)) > TOLERANCE))
    throw mismatch(
      `target voxel 0 falls at source voxel [${origin.map((o) => o.toFixed(3)).join(', ')}], between voxels`,
    );
  for (let j = 0; j < 3; j++) {
    const p = axis[j];
    const first = Math.round(origin[p]);
    const last = first + sign[j] * (target.dims[j] - 1);
    if (
      source.dims[p] !== target.dims[j] ||
      Math.min(first, last) !== 0 ||
      Math.max(first, last) !== source.dims[p] - 1
    )
      throw mismatch(
        `target axis ${j} (${target.dims[j]} voxels) covers source voxels ${first}..${last} of ${source.dims[p]}`,
      );
  }
  return { axis, sign, origin: origin.map(Math.round) };
}

/** `data` (a 3D volume or `frames` of them, x fastest) on the source grid, copied onto the target grid. */
export function reorientToGrid<T extends Voxels>(
  data: T,
  frames: number,
  source: VoxelGrid,
  target: VoxelGrid,
): T {
  const n = source.dims[0] * source.dims[1] * source.dims[2];
  if (data.length !== n * frames)
    throw new PerfusionInputError(
      'LENGTH_MISMATCH',
      `reorientation: ${data.length} values for ${frames} frames of ${n} voxels`,
    );
  const { axis, sign, origin } = gridMapping(source, target);
  const stride = [1, source.dims[0], source.dims[0] * source.dims[1]];
  const out = new (data.constructor as new (length: number) => T)(data.length);
  const [nx, ny, nz] = target.dims;
  let v = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++) {
        const index = [i, j, k];
        let s = 0;
        for (let a = 0; a < 3; a++) s += (origin[axis[a]] + sign[a] * index[a]) * stride[axis[a]];
        for (let f = 0; f < frames; f++) out[v + f * n] = data[s + f * n];
      }
  return out;
}

function mismatch(detail: string): PerfusionInputError {
  return new PerfusionInputError(
    'GRID_MISMATCH',
    `the volumes are not on the same voxel grid (${detail}); resample them onto the DCE series' grid first`,
  );
}

/** Inverse of a 4x4 affine whose last row is 0 0 0 1 (3x3 inverse by cofactors, then the translation). */
function invertAffine(a: number[][]): number[][] {
  const [r0, r1, r2] = a;
  const c = [
    [r1[1] * r2[2] - r1[2] * r2[1], r0[2] * r2[1] - r0[1] * r2[2], r0[1] * r1[2] - r0[2] * r1[1]],
    [r1[2] * r2[0] - r1[0] * r2[2], r0[0] * r2[2] - r0[2] * r2[0], r0[2] * r1[0] - r0[0] * r1[2]],
    [r1[0] * r2[1] - r1[1] * r2[0], r0[1] * r2[0] - r0[0] * r2[1], r0[0] * r1[1] - r0[1] * r1[0]],
  ];
  const det = r0[0] * c[0][0] + r0[1] * c[1][0] + r0[2] * c[2][0];
  if (!(Math.abs(det) > 1e-12)) throw mismatch('the source affine is singular');
  const inv = c.map((row) => row.map((x) => x / det));
  return inv.map((row) => [...row, -(row[0] * r0[3] + row[1] * r1[3] + row[2] * r2[3])]);
}
