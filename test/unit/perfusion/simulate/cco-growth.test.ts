import { createSeededRandom } from '../../../../perfusion/random/seeded-random';
import { growCcoTree } from '../../../../perfusion/simulate/cco-growth';
import { DEFAULT_SIMULATION_CONFIG } from '../../../../perfusion/simulate/simulation-config';
import {
  solveTreeWithTerminalFlows,
  solveTreeWithTerminalPressures,
  terminalSegments,
} from '../../../../perfusion/simulate/vessel-tree';

const vessels = DEFAULT_SIMULATION_CONFIG.vessels;
const dp = vessels.arterialPressureDropPa; // Pa
const qTerm = 0.5; // mm^3/s
function grow(terminalCount: number, seed = 3) {
  return growCcoTree(
    {
      rootMm: [0, 16, 8],
      sampleTerminal: (r) => [32 * r.next(), 32 * r.next(), 16 * r.next()],
      terminalCount,
      terminalFlowMm3S: qTerm,
      pressureDropPa: dp,
      viscosityPaS: vessels.viscosityPaS,
      murrayExponent: vessels.murrayExponent,
      candidates: vessels.candidates,
      extentMm: [32, 32, 16],
      perfusedVolumeMm3: 32 * 32 * 16,
    },
    createSeededRandom(seed),
  );
}

describe('CCO vessel tree (default vessel settings)', () => {
  const tree = grow(vessels.terminals);
  const n = vessels.terminals;
  const terminals = terminalSegments(tree);

  it('grows the default number of terminal segments (>= 1,000)', () => {
    expect(n).toBeGreaterThanOrEqual(1000);
    expect(terminals.length).toBe(n);
    expect(tree.count).toBe(2 * n - 1);
  });

  it("obeys Murray's law r^3 = ra^3 + rb^3 at every bifurcation", () => {
    let worst = 0;
    for (let i = 0; i < tree.count; i++) {
      const a = tree.childA[i];
      if (a < 0) continue;
      const b = tree.childB[i];
      worst = Math.max(
        worst,
        Math.abs(tree.radius[a] ** 3 + tree.radius[b] ** 3 - tree.radius[i] ** 3) / tree.radius[i] ** 3,
      );
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('Kirchhoff solve with equal terminal pressures: balance at every node and equal terminal flows (CCO design)', () => {
    const sol = solveTreeWithTerminalPressures(tree, dp, () => 0);
    let worst = 0;
    for (let i = 0; i < tree.count; i++) {
      const a = tree.childA[i];
      if (a < 0) continue;
      worst = Math.max(
        worst,
        Math.abs(sol.flow[i] - sol.flow[a] - sol.flow[tree.childB[i]]) / Math.abs(sol.flow[i]),
      );
    }
    expect(worst).toBeLessThan(1e-9);
    for (const t of terminals) {
      expect(Math.abs(sol.flow[t] - qTerm) / qTerm).toBeLessThan(1e-9);
      expect(Math.abs(sol.pressureDistal[t])).toBeLessThan(1e-9 * dp);
    }
    expect(sol.flow[0]).toBeCloseTo(n * qTerm, 6);
  });

  it('solve with given terminal flows reproduces the same pressures', () => {
    const byP = solveTreeWithTerminalPressures(tree, dp, () => 0);
    const byQ = solveTreeWithTerminalFlows(tree, dp, (i) => byP.flow[i]);
    for (let i = 0; i < tree.count; i++)
      expect(Math.abs(byQ.pressureDistal[i] - byP.pressureDistal[i])).toBeLessThan(1e-9 * dp);
  });

  it('radii shrink toward terminals and the tree is deterministic for a seed', () => {
    const minTerminal = Math.min(...terminals.map((t) => tree.radius[t]));
    expect(tree.radius[0]).toBeGreaterThan(5 * minTerminal);
    expect(grow(50, 9).distal).toEqual(grow(50, 9).distal);
    expect(grow(50, 9).distal).not.toEqual(grow(50, 10).distal);
  });
});

describe('CCO bifurcation placement', () => {
  /** Tree volume of root P -> B -> {T1, T2} with equal terminal flows, from Murray and equal terminal pressures. */
  function volume(p: number[], b: number[], t1: number[], t2: number[]): number {
    const c = (8 * vessels.viscosityPaS) / Math.PI;
    const dist = (u: number[], v: number[]) => Math.hypot(u[0] - v[0], u[1] - v[1], u[2] - v[2]);
    const [l0, l1, l2] = [dist(p, b), dist(b, t1), dist(b, t2)];
    const ratio = (l1 / l2) ** 0.25; // r1/r2 with R*_i = c l_i and equal flows
    const b1 = (1 + ratio ** -3) ** (-1 / 3);
    const b2 = (1 + ratio ** 3) ** (-1 / 3);
    const r0 = c * l0 + 1 / (b1 ** 4 / (c * l1) + b2 ** 4 / (c * l2));
    const v0 = Math.PI * (l0 + b1 * b1 * l1 + b2 * b2 * l2);
    return Math.sqrt((r0 * 2 * qTerm) / dp) * v0;
  }

  it('places the first bifurcation at a lower tree volume than the centroid, near a local minimum', () => {
    const tree = grow(2, 21);
    const p = Array.from(tree.proximal.subarray(0, 3));
    const b = Array.from(tree.distal.subarray(0, 3));
    const t1 = Array.from(tree.distal.subarray(3, 6));
    const t2 = Array.from(tree.distal.subarray(6, 9));
    const centroid = [0, 1, 2].map((d) => (p[d] + t1[d] + t2[d]) / 3);
    const found = volume(p, b, t1, t2);
    expect(found).toBeLessThan(volume(p, centroid, t1, t2));
    for (let d = 0; d < 6; d++) {
      const moved = [...b];
      moved[d >> 1] += d & 1 ? 1.5 : -1.5;
      expect(found).toBeLessThan(volume(p, moved, t1, t2));
    }
  });
});
