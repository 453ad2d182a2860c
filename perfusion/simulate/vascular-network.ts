/**
 * Assembles the perfusion network of one subject: arterial and venous CCO trees grown into the perfusable
 * tissue with terminal density proportional to the wanted perfusion (the arterial root at the centre of the
 * x = 0 face, the venous root where the venous sinus takes the outflow), the arterial Kirchhoff solve (equal
 * terminal flows), the Darcy capillary bed between terminal arterioles (sources) and venules (sinks), and the
 * venous Kirchhoff solve carrying the bed's venule outflows (one-way coupling: the bed does not feel venous
 * pressure differences). Lumen partial volumes displace capillary bed (vp, ve, PS scale by 1 - lumen fraction).
 * Units: mm, Pa, mm^3/s; blood in the trees, plasma = blood x (1 - hct) in the bed.
 */

import { PerfusionInputError } from '../errors';
import type { SeededRandom } from '../random/seeded-random';
import { growCcoTree } from './cco-growth';
import { type DarcyField, solveDarcy } from './darcy-bed';
import { largestComponent, type TerminalSpread, terminalSpread } from './perfusable-domain';
import type { SimulationConfig } from './simulation-config';
import type { CellGrid } from './smooth-noise';
import type { TissueMaps } from './tissue-maps';
import { type LumenRaster, rasteriseLumens } from './vessel-lumen';
import {
  solveTreeWithTerminalFlows,
  solveTreeWithTerminalPressures,
  type TreeFlowSolution,
  terminalSegments,
  type VesselTree,
} from './vessel-tree';

export interface VascularNetwork {
  arterial: VesselTree;
  venous: VesselTree;
  /** Blood flows (mm^3/s, away from the root for arteries, toward it for veins) and pressures (Pa). */
  arterialFlow: TreeFlowSolution;
  venousFlow: TreeFlowSolution;
  /** Bed cells (with weights summing to 1) through which each terminal segment feeds or drains the bed. */
  arterialTerminals: TerminalSpread[];
  venousTerminals: TerminalSpread[];
  /** Venule weight per cell (sum of venous terminal weights); a cell's venule outflow is shared in proportion. */
  sinkCount: Float64Array;
  darcy: DarcyField;
  /** Effective capillary-bed vp, ve and PS (1/s) per cell after lumen displacement. */
  vp: Float64Array;
  ve: Float64Array;
  psPerS: Float64Array;
  arterialLumen: LumenRaster;
  venousLumen: LumenRaster;
}

/** The subject's haematocrit (fraction) and the venous tree's root (mm). */
export interface NetworkCirculation {
  hct: number;
  venousRootMm: [number, number, number];
}

export function buildVascularNetwork(
  grid: CellGrid,
  maps: TissueMaps,
  config: SimulationConfig,
  circulation: NetworkCirculation,
  rng: SeededRandom,
  onProgress?: (fraction: number) => void,
): VascularNetwork {
  const { nx, ny, nz, h } = grid;
  const n = nx * ny * nz;
  const { hct } = circulation;
  const domain = largestComponent(grid, maps.permeability);
  const cdf = new Float64Array(n);
  let total = 0;
  let volume = 0;
  for (let i = 0; i < n; i++) {
    if (domain[i]) {
      total += maps.fpTargetPerS[i] * h ** 3;
      volume += h ** 3;
    }
    cdf[i] = total;
  }
  if (total === 0)
    throw new PerfusionInputError('INVALID_CONFIG', 'tissue: no perfusable tissue in the block');
  const sample = (r: SeededRandom): [number, number, number] => {
    const target = r.next() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return [
      ((lo % nx) + r.next()) * h,
      ((Math.floor(lo / nx) % ny) + r.next()) * h,
      (Math.floor(lo / (nx * ny)) + r.next()) * h,
    ];
  };
  const v = config.vessels;
  const terminalBlood = total / (1 - hct) / v.terminals;
  const extent: [number, number, number] = [nx * h, ny * h, nz * h];
  const grow = (root: [number, number, number], dp: number, from: number, to: number) =>
    growCcoTree(
      {
        rootMm: root,
        sampleTerminal: sample,
        terminalCount: v.terminals,
        terminalFlowMm3S: terminalBlood,
        pressureDropPa: dp,
        viscosityPaS: v.viscosityPaS,
        murrayExponent: v.murrayExponent,
        candidates: v.candidates,
        extentMm: extent,
        perfusedVolumeMm3: volume,
        onProgress: (f) => onProgress?.(from + (to - from) * f),
      },
      rng,
    );
  const arterial = grow([h / 2, extent[1] / 2, extent[2] / 2], v.arterialPressureDropPa, 0, 0.4);
  const venous = grow(circulation.venousRootMm, v.venousPressureDropPa, 0.4, 0.8);
  const spreadOf = (tree: VesselTree, s: number) =>
    terminalSpread(tree, s, grid, domain, config.bed.terminalSpreadMm);
  const arterialRootPa = v.arterialPressureDropPa + config.bed.pressureDropPa + v.venousPressureDropPa;
  const arterialFlow = solveTreeWithTerminalPressures(
    arterial,
    arterialRootPa,
    () => arterialRootPa - v.arterialPressureDropPa,
  );
  const source = new Float64Array(n);
  const sinkCount = new Float64Array(n);
  const arterialTerminals = terminalSegments(arterial).map((s) => spreadOf(arterial, s));
  const venousTerminals = terminalSegments(venous).map((s) => spreadOf(venous, s));
  for (const t of arterialTerminals)
    for (const [k, c] of t.cells.entries())
      source[c] += t.weights[k] * (1 - hct) * arterialFlow.flow[t.segment];
  for (const t of venousTerminals) for (const [k, c] of t.cells.entries()) sinkCount[c] += t.weights[k];
  const arterialLumen = rasteriseLumens(arterial, grid);
  const venousLumen = rasteriseLumens(venous, grid);
  const keep = (i: number) =>
    domain[i] ? 1 - Math.min(0.9, arterialLumen.fraction[i] + venousLumen.fraction[i]) : 0;
  const vp = maps.vp.map((x, i) => x * keep(i));
  const ve = maps.ve.map((x, i) => x * keep(i));
  const psPerS = maps.psPerS.map((x, i) => x * keep(i));
  const permeability = maps.permeability.map((k, i) => (domain[i] ? k : 0));
  const darcy = solveDarcy({
    grid,
    permeability,
    source,
    sinkCount,
    pressureDropPa: config.bed.pressureDropPa,
  });
  onProgress?.(0.9);
  const venuleFlow = new Float64Array(venous.count);
  for (const t of venousTerminals)
    for (const [k, c] of t.cells.entries())
      venuleFlow[t.segment] += (t.weights[k] / sinkCount[c]) * darcy.sinkFlow[c];
  const venousFlow = solveTreeWithTerminalFlows(venous, 0, (s) => -venuleFlow[s] / (1 - hct));
  return {
    arterial,
    venous,
    arterialFlow,
    venousFlow,
    arterialTerminals,
    venousTerminals,
    sinkCount,
    darcy,
    vp,
    ve,
    psPerS,
    arterialLumen,
    venousLumen,
  };
}
