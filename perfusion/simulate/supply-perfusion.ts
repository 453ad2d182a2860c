/**
 * Arteriolar supply perfusion: the plasma that terminal arterioles deliver to the capillary bed per tissue
 * volume, Fp(x) = sum_j K(x - x_j) s_j / sum_j K(x - x_j) V_j over bed cells j (s_j source plasma flow into
 * cell j, V_j its volume, K a Gaussian of standard deviation sigma): a normalised convolution (Knutsson &
 * Westin, CVPR 1993), so a uniform supply reads exactly s / V, unperfused cells (necrosis) neither count nor
 * dilute their neighbours, and away from the block faces sum(V Fp) = sum(s). This is what the configured
 * perfusion (fpMlPer100MlMin, which sets the terminal density) means. The smoothing stands for the territory
 * each terminal arteriole supplies: plasma leaves it through capillaries running to the nearest venules, and
 * the point sources of a finite number of terminals must be spread over that territory to give a perfusion.
 * Units: s_j mm^3/s, V_j and sigma in mm^3 and mm, Fp 1/s.
 */
import type { CellGrid } from './smooth-noise';

/** Gaussian blur of a cell field along one axis (stride, size), truncated at 3 sigma. */
function blurAxis(field: Float64Array, grid: CellGrid, axis: 0 | 1 | 2, weights: Float64Array): Float64Array {
  const sizes = [grid.nx, grid.ny, grid.nz];
  const stride = [1, grid.nx, grid.nx * grid.ny][axis];
  const size = sizes[axis];
  const reach = (weights.length - 1) / 2;
  const out = new Float64Array(field.length);
  for (let i = 0; i < field.length; i++) {
    const coord = Math.floor(i / stride) % size;
    let sum = 0;
    for (let k = Math.max(-reach, -coord); k <= Math.min(reach, size - 1 - coord); k++)
      sum += weights[k + reach] * field[i + k * stride];
    out[i] = sum;
  }
  return out;
}

/**
 * Supply perfusion (1/s) per cell: `sourceFlow` (mm^3/s per cell) spread by a Gaussian of `sigmaMm` over the
 * cells where `perfused` is true; 0 elsewhere.
 */
export function supplyPerfusionPerS(
  sourceFlow: Float64Array,
  perfused: (cell: number) => boolean,
  grid: CellGrid,
  sigmaMm: number,
): Float64Array {
  const reach = Math.ceil((3 * sigmaMm) / grid.h);
  const weights = Float64Array.from({ length: 2 * reach + 1 }, (_, k) =>
    sigmaMm > 0 ? Math.exp(-0.5 * (((k - reach) * grid.h) / sigmaMm) ** 2) : 1,
  );
  let flow: Float64Array = sourceFlow;
  let volume: Float64Array = Float64Array.from(sourceFlow, (_, i) => (perfused(i) ? grid.h ** 3 : 0));
  for (const axis of [0, 1, 2] as const) {
    flow = blurAxis(flow, grid, axis, weights);
    volume = blurAxis(volume, grid, axis, weights);
  }
  return flow.map((f, i) => (perfused(i) && volume[i] > 0 ? f / volume[i] : 0));
}
