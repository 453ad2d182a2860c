/**
 * A binary vessel tree (arterial or venous) stored as flat typed arrays, with Poiseuille resistances and an
 * exact Kirchhoff solve by recursive (Thevenin) reduction: a tree has no loops, so one pass up the tree and one
 * down give node pressures and segment flows with balance at every node to rounding error.
 * Units: lengths and radii in mm, viscosity in Pa.s, pressure in Pa, flow in mm^3/s (blood).
 * Poiseuille: R = 8 mu l / (pi r^4) (Hagen-Poiseuille; e.g. Karch et al., Comput Biol Med 1999;29:19).
 */
import { PerfusionInputError } from '../errors';

export interface VesselTree {
  /** Number of segments; segment 0 is the root (the inlet for arteries, the outlet for veins). */
  count: number;
  /** Parent segment index (root side), -1 for the root. */
  parent: Int32Array;
  /** The two child segments, or -1 for a terminal segment. */
  childA: Int32Array;
  childB: Int32Array;
  /** Root-side (proximal) and terminal-side (distal) end points, xyz interleaved, mm. */
  proximal: Float64Array;
  distal: Float64Array;
  /** Lumen radius, mm. */
  radius: Float64Array;
  /** Blood viscosity, Pa.s. */
  viscosityPaS: number;
}

/** Segment length in mm. */
export function segmentLength(tree: VesselTree, i: number): number {
  const dx = tree.distal[3 * i] - tree.proximal[3 * i];
  const dy = tree.distal[3 * i + 1] - tree.proximal[3 * i + 1];
  const dz = tree.distal[3 * i + 2] - tree.proximal[3 * i + 2];
  return Math.sqrt(dx * dx + dy * dy + dz * dz);
}

/** Poiseuille resistance of one segment, Pa.s/mm^3. */
export function poiseuilleResistance(viscosityPaS: number, lengthMm: number, radiusMm: number): number {
  return (8 * viscosityPaS * lengthMm) / (Math.PI * radiusMm ** 4);
}

/** Segment indices ordered root first (every parent before its children). */
export function rootFirstOrder(tree: VesselTree): Int32Array {
  const order = new Int32Array(tree.count);
  let head = 0;
  let tail = 0;
  order[tail++] = 0;
  while (head < tail) {
    const i = order[head++];
    if (tree.childA[i] >= 0) {
      order[tail++] = tree.childA[i];
      order[tail++] = tree.childB[i];
    }
  }
  if (tail !== tree.count)
    throw new PerfusionInputError(
      'INVALID_TREE',
      `vessel tree: ${tree.count - tail} segments are not reachable from the root`,
    );
  return order;
}

export function terminalSegments(tree: VesselTree): number[] {
  const out: number[] = [];
  for (let i = 0; i < tree.count; i++) if (tree.childA[i] < 0) out.push(i);
  return out;
}

export interface TreeFlowSolution {
  /** Flow through each segment, mm^3/s, positive away from the root (arteries: downstream). */
  flow: Float64Array;
  /** Pressure at the proximal and distal node of each segment, Pa. */
  pressureProximal: Float64Array;
  pressureDistal: Float64Array;
}

/**
 * Solves the tree with the root held at `rootPressurePa` and each terminal segment's distal node at
 * `terminalPressurePa(i)` (Pa): Thevenin reduction leaf-to-root (each subtree = resistance + source pressure),
 * then flows root-to-leaf. Exact for a tree (no iteration).
 */
export function solveTreeWithTerminalPressures(
  tree: VesselTree,
  rootPressurePa: number,
  terminalPressurePa: (segment: number) => number,
): TreeFlowSolution {
  const order = rootFirstOrder(tree);
  const n = tree.count;
  const rSeg = new Float64Array(n);
  const rEq = new Float64Array(n);
  const pEq = new Float64Array(n);
  for (let i = 0; i < n; i++)
    rSeg[i] = poiseuilleResistance(tree.viscosityPaS, segmentLength(tree, i), tree.radius[i]);
  for (let k = n - 1; k >= 0; k--) {
    const i = order[k];
    const a = tree.childA[i];
    if (a < 0) {
      rEq[i] = rSeg[i];
      pEq[i] = terminalPressurePa(i);
    } else {
      const b = tree.childB[i];
      const gA = 1 / rEq[a];
      const gB = 1 / rEq[b];
      rEq[i] = rSeg[i] + 1 / (gA + gB);
      pEq[i] = (gA * pEq[a] + gB * pEq[b]) / (gA + gB);
    }
  }
  const flow = new Float64Array(n);
  const pP = new Float64Array(n);
  const pD = new Float64Array(n);
  pP[0] = rootPressurePa;
  flow[0] = (rootPressurePa - pEq[0]) / rEq[0];
  for (let k = 0; k < n; k++) {
    const i = order[k];
    pD[i] = pP[i] - rSeg[i] * flow[i];
    const a = tree.childA[i];
    if (a >= 0) {
      const b = tree.childB[i];
      pP[a] = pD[i];
      pP[b] = pD[i];
      flow[a] = (pD[i] - pEq[a]) / rEq[a];
      flow[b] = flow[i] - flow[a];
    }
  }
  return { flow, pressureProximal: pP, pressureDistal: pD };
}

/**
 * Solves the tree with given terminal flows (mm^3/s, away from the root; negative for veins, whose blood flows
 * toward the root) and the root node at `rootPressurePa`: flows are subtree sums (exact balance), pressures
 * follow the Poiseuille drops from the root.
 */
export function solveTreeWithTerminalFlows(
  tree: VesselTree,
  rootPressurePa: number,
  terminalFlow: (segment: number) => number,
): TreeFlowSolution {
  const order = rootFirstOrder(tree);
  const n = tree.count;
  const flow = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    const i = order[k];
    flow[i] = tree.childA[i] < 0 ? terminalFlow(i) : flow[tree.childA[i]] + flow[tree.childB[i]];
  }
  const pP = new Float64Array(n);
  const pD = new Float64Array(n);
  pP[0] = rootPressurePa;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    pD[i] = pP[i] - poiseuilleResistance(tree.viscosityPaS, segmentLength(tree, i), tree.radius[i]) * flow[i];
    if (tree.childA[i] >= 0) {
      pP[tree.childA[i]] = pD[i];
      pP[tree.childB[i]] = pD[i];
    }
  }
  return { flow, pressureProximal: pP, pressureDistal: pD };
}
