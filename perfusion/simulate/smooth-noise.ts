/**
 * Smooth random fields for tissue texture and tumour shapes: value noise (random lattice values, C1 smoothstep
 * trilinear interpolation; Perlin, SIGGRAPH 1985, in its simplest "value" form), two octaves, range about [-1, 1].
 * Deterministic for a seeded generator. Units: lattice spacing and cell size in mm.
 */
import type { SeededRandom } from '../random/seeded-random';

export interface CellGrid {
  nx: number;
  ny: number;
  nz: number;
  /** Cell edge, mm. */
  h: number;
}

/** A smooth field on the cell centres of `grid` with feature size `spacingMm` (two octaves). */
export function smoothNoise(grid: CellGrid, spacingMm: number, rng: SeededRandom): Float64Array {
  const out = new Float64Array(grid.nx * grid.ny * grid.nz);
  addOctave(out, grid, spacingMm, 0.7, rng);
  addOctave(out, grid, spacingMm / 2, 0.3, rng);
  return out;
}

function addOctave(
  out: Float64Array,
  grid: CellGrid,
  spacing: number,
  amplitude: number,
  rng: SeededRandom,
): void {
  const lx = Math.ceil((grid.nx * grid.h) / spacing) + 2;
  const ly = Math.ceil((grid.ny * grid.h) / spacing) + 2;
  const lz = Math.ceil((grid.nz * grid.h) / spacing) + 2;
  const lattice = Float64Array.from({ length: lx * ly * lz }, () => 2 * rng.next() - 1);
  const at = (i: number, j: number, k: number) => lattice[i + lx * (j + ly * k)];
  const smooth = (t: number) => t * t * (3 - 2 * t);
  for (let z = 0, c = 0; z < grid.nz; z++) {
    const fz = ((z + 0.5) * grid.h) / spacing;
    const k = Math.floor(fz);
    const wz = smooth(fz - k);
    for (let y = 0; y < grid.ny; y++) {
      const fy = ((y + 0.5) * grid.h) / spacing;
      const j = Math.floor(fy);
      const wy = smooth(fy - j);
      for (let x = 0; x < grid.nx; x++, c++) {
        const fx = ((x + 0.5) * grid.h) / spacing;
        const i = Math.floor(fx);
        const wx = smooth(fx - i);
        const lerp = (a: number, b: number, w: number) => a + (b - a) * w;
        const v0 = lerp(
          lerp(at(i, j, k), at(i + 1, j, k), wx),
          lerp(at(i, j + 1, k), at(i + 1, j + 1, k), wx),
          wy,
        );
        const v1 = lerp(
          lerp(at(i, j, k + 1), at(i + 1, j, k + 1), wx),
          lerp(at(i, j + 1, k + 1), at(i + 1, j + 1, k + 1), wx),
          wy,
        );
        out[c] += amplitude * lerp(v0, v1, wz);
      }
    }
  }
}

/** Standard normal deviate by Box-Muller (Box & Muller, Ann Math Stat 1958). */
export function normalDeviate(rng: SeededRandom): number {
  const u = 1 - rng.next(); // (0, 1]
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** Uniform draw in [lo, hi]. */
export function uniformIn(rng: SeededRandom, [lo, hi]: readonly [number, number]): number {
  return lo + (hi - lo) * rng.next();
}

/** Log-uniform draw in [lo, hi] (lo > 0): flows and permeabilities spread over decades. */
export function logUniformIn(rng: SeededRandom, [lo, hi]: readonly [number, number]): number {
  return lo * (hi / lo) ** rng.next();
}
