/**
 * Where the capillary bed can carry flow: the largest connected region of permeable (non-necrotic) cells, and
 * the cells through which a terminal segment feeds or drains it (a ball of `terminalSpreadMm` standing for the
 * terminal's unresolved pre-capillary arterioles or post-capillary venules). Units: mm.
 */
import type { CellGrid } from './smooth-noise';
import type { VesselTree } from './vessel-tree';

/** Bed cells (with weights summing to 1) through which one terminal segment feeds or drains the bed. */
export interface TerminalSpread {
  segment: number;
  cells: Int32Array;
  weights: Float64Array;
}

/** Domain cells whose centres lie within `radiusMm` of a terminal's distal end, equally weighted (at least its own cell). */
export function terminalSpread(
  tree: VesselTree,
  s: number,
  grid: CellGrid,
  domain: Uint8Array,
  radiusMm: number,
): TerminalSpread {
  const { nx, ny, nz, h } = grid;
  const p = [0, 1, 2].map((d) => tree.distal[3 * s + d]);
  const centre = p.map((x, d) => Math.min([nx, ny, nz][d] - 1, Math.floor(x / h)));
  const reach = Math.ceil(radiusMm / h);
  const cells: number[] = [];
  for (let z = Math.max(0, centre[2] - reach); z <= Math.min(nz - 1, centre[2] + reach); z++)
    for (let y = Math.max(0, centre[1] - reach); y <= Math.min(ny - 1, centre[1] + reach); y++)
      for (let x = Math.max(0, centre[0] - reach); x <= Math.min(nx - 1, centre[0] + reach); x++) {
        const c = x + nx * (y + ny * z);
        if (
          domain[c] &&
          Math.hypot((x + 0.5) * h - p[0], (y + 0.5) * h - p[1], (z + 0.5) * h - p[2]) <= radiusMm
        )
          cells.push(c);
      }
  if (cells.length === 0) cells.push(centre[0] + nx * (centre[1] + ny * centre[2]));
  return {
    segment: s,
    cells: Int32Array.from(cells),
    weights: new Float64Array(cells.length).fill(1 / cells.length),
  };
}

/** Marks the largest 6-connected region of permeable cells; isolated pockets are left unperfused. */
export function largestComponent(grid: CellGrid, permeability: Float64Array): Uint8Array {
  const { nx, ny, nz } = grid;
  const n = nx * ny * nz;
  const comp = new Int32Array(n).fill(-1);
  let best = -1;
  let bestSize = 0;
  const stack: number[] = [];
  for (let start = 0, id = 0; start < n; start++) {
    if (permeability[start] <= 0 || comp[start] >= 0) continue;
    let size = 0;
    comp[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop() as number;
      size++;
      const x = i % nx;
      const y = Math.floor(i / nx) % ny;
      const z = Math.floor(i / (nx * ny));
      const next = [
        x > 0 ? i - 1 : -1,
        x < nx - 1 ? i + 1 : -1,
        y > 0 ? i - nx : -1,
        y < ny - 1 ? i + nx : -1,
        z > 0 ? i - nx * ny : -1,
        z < nz - 1 ? i + nx * ny : -1,
      ];
      for (const j of next) {
        if (j >= 0 && permeability[j] > 0 && comp[j] < 0) {
          comp[j] = id;
          stack.push(j);
        }
      }
    }
    if (size > bestSize) {
      bestSize = size;
      best = id;
    }
    id++;
  }
  return Uint8Array.from(comp, (c) => (c === best ? 1 : 0));
}
