/**
 * The capillary bed as a porous medium on a regular grid of cubic cells (edge h mm): Darcy flux q = -K grad p,
 * mass balance div q = s with point sources (terminal arterioles, fixed flow) and sinks (terminal venules,
 * a conductance to the venular pressure). Cell-centred finite volumes with harmonic-mean face conductances
 * (two-point flux approximation, e.g. Aziz & Settari, Petroleum Reservoir Simulation, 1979), solved by
 * preconditioned CG. Flows are plasma flows, mm^3/s; pressure in Pa above the venular pressure.
 * Only relative permeability matters for the flux field (sources fix the flow); the absolute scale is set so
 * the mean source-cell pressure equals `pressureDropPa`.
 */
import { PerfusionInputError } from '../errors';
import { conjugateGradient } from './conjugate-gradient';

export interface BedGrid {
  nx: number;
  ny: number;
  nz: number;
  /** Cell edge, mm. */
  h: number;
}

export interface DarcyInput {
  grid: BedGrid;
  /** Relative permeability per cell (x fastest); 0 excludes the cell (necrosis, outside tissue). */
  permeability: Float64Array;
  /** Source flow per cell, mm^3/s (>= 0). */
  source: Float64Array;
  /** Number of venule terminals per cell (each a sink of conductance 2 K h, a half-cell path to its wall). */
  sinkCount: Float64Array;
  /** Mean source-cell pressure above the venules, Pa (sets the absolute permeability). */
  pressureDropPa: number;
  tolerance?: number;
}

export interface DarcyField {
  grid: BedGrid;
  /** Pressure above venular pressure, Pa. */
  pressure: Float64Array;
  /** Plasma flow through the +x, +y, +z face of each cell, mm^3/s (0 on the domain boundary). */
  faceFlux: [Float64Array, Float64Array, Float64Array];
  /** Flow leaving each cell into venules, mm^3/s. */
  sinkFlow: Float64Array;
  source: Float64Array;
  /** Absolute permeability scale, mm^2/(Pa.s) per unit relative permeability. */
  permeabilityScale: number;
  iterations: number;
}

export function solveDarcy(input: DarcyInput): DarcyField {
  const { grid, permeability: k, source, sinkCount } = input;
  const { nx, ny, nz, h } = grid;
  const n = nx * ny * nz;
  const strides = [1, nx, nx * ny];
  const conductance = (i: number, j: number) =>
    k[i] > 0 && k[j] > 0 ? (h * 2 * k[i] * k[j]) / (k[i] + k[j]) : 0;
  // Face conductances of the +x/+y/+z face of every cell.
  const g = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const diag = new Float64Array(n);
  const sinkG = new Float64Array(n);
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (k[i] <= 0) {
          if (source[i] > 0 || sinkCount[i] > 0)
            throw new PerfusionInputError(
              'INVALID_BED',
              `capillary bed: cell (${x},${y},${z}) has a source or sink but zero permeability`,
            );
          continue;
        }
        const inside = [x + 1 < nx, y + 1 < ny, z + 1 < nz];
        for (let d = 0; d < 3; d++) if (inside[d]) g[d][i] = conductance(i, i + strides[d]);
        sinkG[i] = sinkCount[i] * 2 * k[i] * h;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    diag[i] += sinkG[i];
    for (let d = 0; d < 3; d++) {
      if (g[d][i] > 0) {
        diag[i] += g[d][i];
        diag[i + strides[d]] += g[d][i];
      }
    }
  }
  checkEveryRegionDrains(grid, k, g, sinkG);
  for (let i = 0; i < n; i++) if (diag[i] === 0) diag[i] = 1; // isolated excluded cells: identity rows, zero pressure
  const apply = (v: Float64Array, out: Float64Array) => {
    for (let i = 0; i < n; i++) out[i] = diag[i] * v[i];
    for (let d = 0; d < 3; d++) {
      const gd = g[d];
      const s = strides[d];
      for (let i = 0; i < n; i++) {
        const c = gd[i];
        if (c > 0) {
          out[i] -= c * v[i + s];
          out[i + s] -= c * v[i];
        }
      }
    }
  };
  const cg = conjugateGradient(apply, diag, source, input.tolerance ?? 1e-12, 50 * (nx + ny + nz) + 1000);
  let pSum = 0;
  let qSum = 0;
  for (let i = 0; i < n; i++) {
    pSum += source[i] * cg.x[i];
    qSum += source[i];
  }
  const scale = pSum / qSum / input.pressureDropPa; // K_abs = scale * K_rel brings the mean source pressure to the target
  const pressure = cg.x.map((p) => p / scale);
  const faceFlux: [Float64Array, Float64Array, Float64Array] = [
    new Float64Array(n),
    new Float64Array(n),
    new Float64Array(n),
  ];
  for (let d = 0; d < 3; d++)
    for (let i = 0; i < n; i++) if (g[d][i] > 0) faceFlux[d][i] = g[d][i] * (cg.x[i] - cg.x[i + strides[d]]);
  const sinkFlow = new Float64Array(n);
  for (let i = 0; i < n; i++) sinkFlow[i] = sinkG[i] * cg.x[i];
  return { grid, pressure, faceFlux, sinkFlow, source, permeabilityScale: scale, iterations: cg.iterations };
}

/** Every connected permeable region that holds cells must reach a sink, else its pressure is undetermined. */
function checkEveryRegionDrains(
  grid: BedGrid,
  k: Float64Array,
  g: Float64Array[],
  sinkG: Float64Array,
): void {
  const { nx, ny } = grid;
  const n = k.length;
  const strides = [1, nx, nx * ny];
  const seen = new Uint8Array(n);
  const stack: number[] = [];
  for (let start = 0; start < n; start++) {
    if (k[start] <= 0 || seen[start]) continue;
    let drains = false;
    stack.push(start);
    seen[start] = 1;
    while (stack.length > 0) {
      const i = stack.pop() as number;
      if (sinkG[i] > 0) drains = true;
      for (let d = 0; d < 3; d++) {
        const up = i + strides[d];
        const down = i - strides[d];
        if (g[d][i] > 0 && !seen[up]) {
          seen[up] = 1;
          stack.push(up);
        }
        if (down >= 0 && g[d][down] > 0 && !seen[down]) {
          seen[down] = 1;
          stack.push(down);
        }
      }
    }
    if (!drains) {
      const x = start % nx;
      const y = Math.floor(start / nx) % ny;
      const z = Math.floor(start / (nx * ny));
      throw new PerfusionInputError(
        'INVALID_BED',
        `capillary bed: the permeable region containing cell (${x},${y},${z}) has no venule sink; give it zero permeability or a venule`,
      );
    }
  }
}

/** Net outflow minus sources per cell (mm^3/s): the discrete divergence residual, zero for a solved field. */
export function divergenceResidual(field: DarcyField): Float64Array {
  const { nx, ny } = field.grid;
  const strides = [1, nx, nx * ny];
  const n = field.pressure.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] += field.sinkFlow[i] - field.source[i];
  for (let d = 0; d < 3; d++) {
    for (let i = 0; i < n; i++) {
      const f = field.faceFlux[d][i];
      if (f !== 0) {
        out[i] += f;
        out[i + strides[d]] -= f;
      }
    }
  }
  return out;
}
