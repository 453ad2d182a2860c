import { createSeededRandom } from '../../../../perfusion/random/seeded-random';
import { growCcoTree } from '../../../../perfusion/simulate/cco-growth';
import {
  convolveCausal,
  transitKernel,
  transportArterial,
  transportVenous,
} from '../../../../perfusion/simulate/vessel-transport';
import type { VesselTree } from '../../../../perfusion/simulate/vessel-tree';
import { segmentLength, solveTreeWithTerminalPressures } from '../../../../perfusion/simulate/vessel-tree';

const dt = 0.01;
const pulse = (n: number) =>
  Float64Array.from({ length: n }, (_, k) => Math.exp(-(((k * dt - 2) / 0.3) ** 2)));
const firstMoment = (c: Float64Array) => {
  let m0 = 0;
  let m1 = 0;
  c.forEach((v, k) => {
    m0 += v;
    m1 += v * k * dt;
  });
  return m1 / m0;
};

/** Y-shaped tree: a root segment and two children of different lengths (mm). */
function yTree(): VesselTree {
  return {
    count: 3,
    parent: Int32Array.of(-1, 0, 0),
    childA: Int32Array.of(1, -1, -1),
    childB: Int32Array.of(2, -1, -1),
    proximal: Float64Array.of(0, 0, 0, 10, 0, 0, 10, 0, 0),
    distal: Float64Array.of(10, 0, 0, 14, 0, 0, 10, 25, 0),
    radius: Float64Array.of(0.3, 0.24, 0.24),
    viscosityPaS: 0.0036,
  };
}

describe('vessel transport', () => {
  it.each(['plug', 'parabolic'] as const)(
    '%s: first moment of a pulse after a straight vessel = length / mean velocity',
    (profile) => {
      const lengthMm = 30;
      const velocity = 12; // mm/s
      // The vessel as 1 segment and as 7 mixed sub-segments of unequal length.
      const one = convolveCausal(pulse(6000), transitKernel(profile, lengthMm / velocity, dt));
      let many: Float64Array = pulse(6000);
      for (const l of [2, 3, 5, 7, 4, 6, 3])
        many = convolveCausal(many, transitKernel(profile, l / velocity, dt));
      const inMean = firstMoment(pulse(6000));
      expect(firstMoment(one) - inMean).toBeCloseTo(lengthMm / velocity, 6);
      expect(firstMoment(many) - inMean).toBeCloseTo(lengthMm / velocity, 6);
    },
  );

  it('parabolic flow disperses (earliest arrival at half the mean transit), plug flow only delays', () => {
    const k = transitKernel('parabolic', 2, dt);
    const first = k.findIndex((w) => w > 0) * dt;
    expect(first).toBeCloseTo(1, 1);
    expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(transitKernel('plug', 2, dt).filter((w) => w > 0).length).toBeLessThanOrEqual(2);
  });

  it('arrival time grows with path length, and tracer is conserved through the arterial tree', () => {
    const tree = yTree();
    const sol = solveTreeWithTerminalPressures(tree, 2000, () => 0);
    const plasma = sol.flow.map((q) => 0.58 * q);
    const steps = 4000;
    const record = [1000, 2000, 3999];
    const tr = transportArterial(
      {
        tree,
        plasmaFlow: plasma,
        bloodFlow: sol.flow,
        profile: 'parabolic',
        dt,
        theta: 0.5,
        recordSteps: record,
      },
      pulse(steps),
    );
    const arrival = (i: number) => firstMoment(tr.outflow[i]);
    const path = (i: number) => tr.transitS[0] + tr.transitS[i];
    expect(segmentLength(tree, 2)).toBeGreaterThan(segmentLength(tree, 1));
    expect(arrival(2)).toBeGreaterThan(arrival(1));
    expect(arrival(1) - firstMoment(pulse(steps))).toBeCloseTo(path(1), 6);
    // Root inflow integral = lumen contents + terminal outflow integrals (theta weights).
    const integral = (c: Float64Array, q: number, upTo: number) => {
      let s = 0;
      for (let n = 1; n <= upTo; n++) s += dt * q * 0.5 * (c[n - 1] + c[n]);
      return s;
    };
    record.forEach((n, r) => {
      const injected = integral(pulse(steps), plasma[0], n);
      const held = tr.lumen[r * 3] + tr.lumen[r * 3 + 1] + tr.lumen[r * 3 + 2];
      const out = integral(tr.outflow[1], plasma[1], n) + integral(tr.outflow[2], plasma[2], n);
      expect(Math.abs(injected - held - out)).toBeLessThan(1e-12 * injected);
    });
  });

  it('venous confluence mixes by flow', () => {
    const tree = yTree();
    const flow = Float64Array.of(3, 1, 2);
    const ones = new Float64Array(100).fill(1);
    const twos = new Float64Array(100).fill(4);
    const tr = transportVenous(
      { tree, plasmaFlow: flow, bloodFlow: flow, profile: 'plug', dt: 0.1, theta: 0.5, recordSteps: [99] },
      (i) => (i === 1 ? ones : twos),
    );
    expect(tr.outflow[0][99]).toBeCloseTo((1 * 1 + 2 * 4) / 3, 12);
  });
});

describe('bolus arrival in a CCO tree', () => {
  it('grows with path length from the arterial root', () => {
    const tree = growCcoTree(
      {
        rootMm: [0, 10, 5],
        sampleTerminal: (r) => [30 * r.next(), 20 * r.next(), 10 * r.next()],
        terminalCount: 200,
        terminalFlowMm3S: 0.5,
        pressureDropPa: 6000,
        viscosityPaS: 0.0036,
        murrayExponent: 3,
        candidates: 12,
        extentMm: [30, 20, 10],
        perfusedVolumeMm3: 6000,
      },
      createSeededRandom(2),
    );
    const sol = solveTreeWithTerminalPressures(tree, 6000, () => 0);
    const steps = 3000;
    const tr = transportArterial(
      {
        tree,
        plasmaFlow: sol.flow,
        bloodFlow: sol.flow,
        profile: 'parabolic',
        dt,
        theta: 0.5,
        recordSteps: [steps - 1],
      },
      pulse(steps),
    );
    const inMean = firstMoment(pulse(steps));
    const pathLength: number[] = [];
    const arrival: number[] = [];
    for (let i = 0; i < tree.count; i++) {
      if (tree.childA[i] >= 0) continue;
      let length = 0;
      let transit = 0;
      for (let s = i; s >= 0; s = tree.parent[s]) {
        length += segmentLength(tree, s);
        transit += tr.transitS[s];
      }
      pathLength.push(length);
      arrival.push(firstMoment(tr.outflow[i]) - inMean);
      expect(arrival[arrival.length - 1]).toBeCloseTo(transit, 3);
    }
    // Rank correlation between path length and arrival time.
    const rank = (v: number[]) => {
      const r = new Array(v.length);
      for (const [i, k] of [...v.keys()].sort((a, b) => v[a] - v[b]).entries()) r[k] = i;
      return r as number[];
    };
    const [ra, rb] = [rank(pathLength), rank(arrival)];
    const n = ra.length;
    const d2 = ra.reduce((s, r, i) => s + (r - rb[i]) ** 2, 0);
    const spearman = 1 - (6 * d2) / (n * (n * n - 1));
    expect(spearman).toBeGreaterThan(0.6);
  });
});
