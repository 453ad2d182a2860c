/**
 * Voxel values that are not numbers (NaN, +-Infinity) in images read at the edge. Float volumes may hold
 * them (an imported concentration is NaN where the signal could not be converted, fitted maps are NaN outside
 * their mask): they are counted, and readers record the counts in the provenance of what they write, so a
 * result says how many voxels it could not use. A mask cannot hold them: a label must be a number.
 */
import { FormatError } from './format-error';

/**
 * How many voxels hold a NaN or infinite value in any frame; `voxels` per frame (values x fastest, then y, z,
 * t, so voxel i of frame f is value i + f x voxels).
 */
export function nonFiniteVoxels(values: ArrayLike<number>, voxels = values.length): number {
  const bad = new Uint8Array(voxels);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) continue;
    const v = i % voxels;
    if (bad[v] === 0) n++;
    bad[v] = 1;
  }
  return n;
}

/** A mask's labels as bytes; refused when a voxel is NaN or infinite. `source` names the file. */
export function maskLabels(values: ArrayLike<number>, source: string): Uint8Array {
  const bad = nonFiniteVoxels(values);
  if (bad > 0)
    throw new FormatError(
      'NON_FINITE_MASK',
      `${source}: ${bad} of ${values.length} voxels are NaN or infinite; a mask holds whole-number labels (0 outside), fix or regenerate it`,
    );
  return Uint8Array.from(values);
}
