/**
 * Partial volumes of vessel lumens on the cell grid: each segment's volume pi r^2 l is spread over the cells
 * its lumen occupies (centre-line samples every h/2; for r > h/2 every cell centre within r of the sample),
 * giving per-segment cell weights (summing to 1) used to place lumen tracer in the image. Units: mm.
 */
import type { CellGrid } from './smooth-noise';
import { segmentLength, type VesselTree } from './vessel-tree';

export interface LumenRaster {
  /** CSR by segment: cells and weights (fraction of the segment's volume in that cell). */
  ptr: Int32Array;
  cell: Int32Array;
  weight: Float64Array;
  /** Lumen volume fraction per cell (all segments), clamped to 1. */
  fraction: Float64Array;
}

export function rasteriseLumens(tree: VesselTree, grid: CellGrid): LumenRaster {
  const { nx, ny, nz, h } = grid;
  const ptr = new Int32Array(tree.count + 1);
  const cells: number[] = [];
  const weights: number[] = [];
  const fraction = new Float64Array(nx * ny * nz);
  const clampIdx = (v: number, n: number) => Math.min(n - 1, Math.max(0, Math.floor(v / h)));
  for (let s = 0; s < tree.count; s++) {
    const l = segmentLength(tree, s);
    const r = tree.radius[s];
    const samples = Math.max(1, Math.ceil(l / (h / 2)));
    const hits = new Map<number, number>();
    for (let k = 0; k < samples; k++) {
      const t = (k + 0.5) / samples;
      const p = [0, 1, 2].map(
        (d) => tree.proximal[3 * s + d] + t * (tree.distal[3 * s + d] - tree.proximal[3 * s + d]),
      );
      const here: number[] = [];
      if (r > h / 2) {
        const reach = Math.ceil(r / h);
        const [cx, cy, cz] = [clampIdx(p[0], nx), clampIdx(p[1], ny), clampIdx(p[2], nz)];
        for (let z = Math.max(0, cz - reach); z <= Math.min(nz - 1, cz + reach); z++)
          for (let y = Math.max(0, cy - reach); y <= Math.min(ny - 1, cy + reach); y++)
            for (let x = Math.max(0, cx - reach); x <= Math.min(nx - 1, cx + reach); x++)
              if (Math.hypot((x + 0.5) * h - p[0], (y + 0.5) * h - p[1], (z + 0.5) * h - p[2]) <= r)
                here.push(x + nx * (y + ny * z));
      }
      if (here.length === 0)
        here.push(clampIdx(p[0], nx) + nx * (clampIdx(p[1], ny) + ny * clampIdx(p[2], nz)));
      for (const c of here) hits.set(c, (hits.get(c) ?? 0) + 1 / (samples * here.length));
    }
    const volume = Math.PI * r * r * l;
    for (const [c, w] of [...hits.entries()].sort((a, b) => a[0] - b[0])) {
      cells.push(c);
      weights.push(w);
      fraction[c] += (volume * w) / (h * h * h);
    }
    ptr[s + 1] = cells.length;
  }
  for (let i = 0; i < fraction.length; i++) fraction[i] = Math.min(1, fraction[i]);
  return { ptr, cell: Int32Array.from(cells), weight: Float64Array.from(weights), fraction };
}
