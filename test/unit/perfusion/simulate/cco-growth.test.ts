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
