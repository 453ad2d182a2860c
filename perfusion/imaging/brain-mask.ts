/**
 * A brain mask from a pre-contrast image when none is given: the intensity threshold of BET's first step,
 * t = t2 + 0.1 (t98 - t2) with t2, t98 the 2nd and 98th percentiles (Smith SM, "Fast robust automated brain
 * extraction", Hum Brain Mapp 2002;17:143, section 2.1), which separates the head from background air; then the
 * largest 6-connected component above it, with its enclosed holes (darker voxels that cannot reach the volume's
 * edge through other dark voxels, e.g. ventricles) filled. Volumes are x fastest, then y, z.
 */
import { PerfusionInputError } from '../errors';
import { quantile } from '../math/quantile';

/** Mask (1 inside) of `image` (any unit) on grid `dims` [nx, ny, nz]; non-finite voxels count as background. */
export function thresholdBrainMask(image: ArrayLike<number>, dims: [number, number, number]): Uint8Array {
  const n = dims[0] * dims[1] * dims[2];
  if (image.length !== n)
    throw new PerfusionInputError(
      'LENGTH_MISMATCH',
      `brain mask: image has ${image.length} voxels, grid ${dims.join('x')} has ${n}`,
    );
  const finite = Array.from(image).filter(Number.isFinite);
  if (finite.length === 0)
    throw new PerfusionInputError('EMPTY_SAMPLE', 'brain mask: the image has no finite voxel');
  const [t2, t98] = [quantile(finite, 0.02), quantile(finite, 0.98)];
  const threshold = t2 + 0.1 * (t98 - t2);
  const above = Uint8Array.from({ length: n }, (_, v) => (image[v] > threshold ? 1 : 0));
  const labels = components(above, dims);
  const sizes = new Map<number, number>();
  for (const l of labels) if (l > 0) sizes.set(l, (sizes.get(l) ?? 0) + 1);
  const largest = [...sizes.entries()].reduce((a, b) => (b[1] > a[1] ? b : a), [0, 0])[0];
  const mask = Uint8Array.from(labels, (l) => (l === largest && l > 0 ? 1 : 0));
  // Background reachable from the volume's faces stays background; every other voxel is inside.
  const outside = new Uint8Array(n);
  const stack: number[] = [];
  forEachVoxel(dims, (v, x, y, z) => {
    const onFace =
      x === 0 || y === 0 || z === 0 || x === dims[0] - 1 || y === dims[1] - 1 || z === dims[2] - 1;
    if (onFace && !mask[v]) {
      outside[v] = 1;
      stack.push(v);
    }
  });
  flood(
    stack,
    dims,
    (w) => !mask[w] && !outside[w],
    (w) => (outside[w] = 1),
  );
  return Uint8Array.from(outside, (o) => 1 - o);
}

/** 6-connected component labels (1, 2, ...) of the non-zero voxels; 0 elsewhere. */
function components(on: Uint8Array, dims: [number, number, number]): Int32Array {
  const labels = new Int32Array(on.length);
  let next = 0;
  for (let v = 0; v < on.length; v++) {
    if (!on[v] || labels[v]) continue;
    next++;
    labels[v] = next;
    const label = next;
    flood(
      [v],
      dims,
      (w) => on[w] === 1 && labels[w] === 0,
      (w) => (labels[w] = label),
    );
  }
  return labels;
}

/** Depth-first fill from `stack` over 6-neighbours that `accept` allows; `visit` marks each. */
function flood(
  stack: number[],
  dims: [number, number, number],
  accept: (v: number) => boolean,
  visit: (v: number) => void,
): void {
  const [nx, ny, nz] = dims;
  while (stack.length > 0) {
    const v = stack.pop() as number;
    const x = v % nx;
    const y = Math.floor(v / nx) % ny;
    const z = Math.floor(v / (nx * ny));
    const neighbours = [
      x > 0 ? v - 1 : -1,
      x < nx - 1 ? v + 1 : -1,
      y > 0 ? v - nx : -1,
      y < ny - 1 ? v + nx : -1,
      z > 0 ? v - nx * ny : -1,
      z < nz - 1 ? v + nx * ny : -1,
    ];
    for (const w of neighbours)
      if (w >= 0 && accept(w)) {
        visit(w);
        stack.push(w);
      }
  }
}

function forEachVoxel(
  dims: [number, number, number],
  fn: (v: number, x: number, y: number, z: number) => void,
): void {
  let v = 0;
  for (let z = 0; z < dims[2]; z++)
    for (let y = 0; y < dims[1]; y++) for (let x = 0; x < dims[0]; x++) fn(v++, x, y, z);
}
