/**
 * Constrained constructive optimisation (CCO): grows a binary vessel tree one terminal at a time, each new
 * terminal joined to the nearby segment whose bifurcation gives the least total tree volume sum(pi r^2 l).
 * Schreiner & Buxbaum, IEEE TBME 1993;40:482; Karch et al., Comput Biol Med 1999;29:19. Each terminal carries
 * the same flow at the same pressure; sibling radius ratios follow from equal terminal pressures,
 * (r_a/r_b)^4 = Q_a R*_a / (Q_b R*_b), parent radii from Murray's law r^g = r_a^g + r_b^g, and the root radius
 * from the fixed root flow and pressure drop. Reduced resistances R* (resistance at unit radius) and reduced
 * volumes V* are updated incrementally along the path to the root, so a candidate costs O(depth).
 * The bifurcation point is found by a compass search from the centroid of the three end points (Karch's
 * geometric optimisation, simplified); segment crossings are not checked. Units: mm, Pa, Pa.s, mm^3/s.
 */

import { PerfusionInputError } from '../errors';
import type { SeededRandom } from '../random/seeded-random';
import { pointSegmentDistance, SegmentGrid } from './segment-grid';
import type { VesselTree } from './vessel-tree';

export interface CcoOptions {
  /** Root (inlet/outlet) point, mm. */
  rootMm: [number, number, number];
  /** Draws a candidate terminal point (mm) inside the perfused domain, weighted by the wanted perfusion. */
  sampleTerminal: (rng: SeededRandom) => [number, number, number];
  terminalCount: number;
  /** Flow per terminal, mm^3/s (blood). */
  terminalFlowMm3S: number;
  /** Root-to-terminal pressure drop, Pa. */
  pressureDropPa: number;
  viscosityPaS: number;
  /** Murray exponent gamma (2.55-3; 3 by default in Karch 1999). */
  murrayExponent: number;
  /** Candidate segments evaluated per new terminal. */
  candidates: number;
  /** Domain extent, mm (for the distance criterion and the spatial hash). */
  extentMm: [number, number, number];
  /** Perfused volume, mm^3 (sets the distance criterion's scale). */
  perfusedVolumeMm3: number;
  onProgress?: (fraction: number) => void;
}

export function growCcoTree(options: CcoOptions, rng: SeededRandom): VesselTree {
  const { terminalCount: nTerm, murrayExponent: g, viscosityPaS } = options;
  if (!(nTerm >= 1) || !(options.terminalFlowMm3S > 0) || !(options.pressureDropPa > 0) || !(g > 1)) {
    throw new PerfusionInputError(
      'INVALID_CONFIG',
      'CCO: terminalCount >= 1, terminal flow > 0, pressure drop > 0 and Murray exponent > 1 are required',
    );
  }
  const cap = 2 * nTerm - 1;
  const parent = new Int32Array(cap).fill(-1);
  const childA = new Int32Array(cap).fill(-1);
  const childB = new Int32Array(cap).fill(-1);
  const prox = new Float64Array(3 * cap);
  const dist = new Float64Array(3 * cap);
  const rStar = new Float64Array(cap); // resistance at unit radius, Pa.s/mm^3 per mm^-4
  const vStar = new Float64Array(cap); // volume at unit radius, mm^3 per mm^2
  const betaA = new Float64Array(cap);
  const betaB = new Float64Array(cap);
  const terms = new Int32Array(cap);
  const c = (8 * viscosityPaS) / Math.PI;
  const len = (i: number) =>
    Math.hypot(
      dist[3 * i] - prox[3 * i],
      dist[3 * i + 1] - prox[3 * i + 1],
      dist[3 * i + 2] - prox[3 * i + 2],
    );
  const grid = new SegmentGrid(Math.max(1, Math.cbrt(options.perfusedVolumeMm3 / nTerm)), options.extentMm);
  const index = (i: number) =>
    grid.insert(
      i,
      prox[3 * i],
      prox[3 * i + 1],
      prox[3 * i + 2],
      dist[3 * i],
      dist[3 * i + 1],
      dist[3 * i + 2],
    );

  // Combines two children into their parent's reduced values; returns [R*, V*, betaA, betaB].
  const combine = (
    l: number,
    ra: number,
    va: number,
    qa: number,
    rb: number,
    vb: number,
    qb: number,
  ): [number, number, number, number] => {
    const ratio = ((qa * ra) / (qb * rb)) ** 0.25; // r_a / r_b
    const ba = (1 + ratio ** -g) ** (-1 / g);
    const bb = (1 + ratio ** g) ** (-1 / g);
    return [c * l + 1 / (ba ** 4 / ra + bb ** 4 / rb), Math.PI * l + ba * ba * va + bb * bb * vb, ba, bb];
  };

  // Segment 0 from the root to the first terminal.
  prox.set(options.rootMm, 0);
  dist.set(options.sampleTerminal(rng), 0);
  rStar[0] = c * len(0);
  vStar[0] = Math.PI * len(0);
  terms[0] = 1;
  index(0);
  let count = 1;
  const dCritBase = 0.5 * Math.cbrt(options.perfusedVolumeMm3);
  let relax = 1;

  // Walks from segment s (with new reduced values) to the root; `commit` stores them. Returns [R*0, V*0].
  const propagate = (s: number, rs: number, vs: number, commit: boolean): [number, number] => {
    let child = s;
    let r = rs;
    let v = vs;
    for (let p = parent[s]; p >= 0; p = parent[p]) {
      const isA = childA[p] === child;
      const sib = isA ? childB[p] : childA[p];
      const q = terms[child] + (commit ? 0 : 1);
      const [rp, vp, bc, bs] = combine(len(p), r, v, q, rStar[sib], vStar[sib], terms[sib]);
      if (commit) {
        terms[p] += 1;
        rStar[p] = rp;
        vStar[p] = vp;
        betaA[p] = isA ? bc : bs;
        betaB[p] = isA ? bs : bc;
      }
      child = p;
      r = rp;
      v = vp;
    }
    return [r, v];
  };

  const b = [0, 0, 0];
  while ((count + 1) / 2 < nTerm) {
    const k = (count + 1) / 2; // terminals so far
    const t = options.sampleTerminal(rng);
    const near = grid.near(t[0], t[1], t[2], options.candidates);
    const dists = near.map((s) => pointSegmentDistance(t, prox, 3 * s, dist, 3 * s));
    const dCrit = (relax * dCritBase) / Math.cbrt(k + 1);
    if (dists.some((d) => d < dCrit)) {
      relax *= 0.97; // Karch's criterion: shrink the exclusion distance when the domain fills up
      continue;
    }
    const ranked = near
      .map((s, i) => [s, dists[i]] as const)
      .sort((x, y) => x[1] - y[1] || x[0] - y[0])
      .slice(0, options.candidates);
    // Rank candidates at their centroids, then refine the bifurcation point of the two cheapest only.
    const q0 = (k + 1) * options.terminalFlowMm3S;
    const atCentroid = ranked
      .map(([s]) => [s, costAt(s, t, centroid(s, t), q0)] as const)
      .filter(([, cost]) => Number.isFinite(cost))
      .sort((x, y) => x[1] - y[1] || x[0] - y[0]);
    let best = -1;
    let bestCost = Number.POSITIVE_INFINITY;
    const bestPoint = [0, 0, 0];
    for (const [s] of atCentroid.slice(0, 2)) {
      const cost = optimiseBifurcation(s, t, q0);
      if (cost < bestCost) {
        bestCost = cost;
        best = s;
        bestPoint.splice(0, 3, ...b);
      }
    }
    if (best < 0) continue;
    insertBifurcation(best, t, bestPoint);
    options.onProgress?.((k + 1) / nTerm);
  }

  // Tree volume after joining t to segment s at point p (Infinity for a degenerate point).
  function costAt(s: number, t: [number, number, number], p: number[], q0: number): number {
    const lUp = Math.hypot(p[0] - prox[3 * s], p[1] - prox[3 * s + 1], p[2] - prox[3 * s + 2]);
    const lDown = Math.hypot(p[0] - dist[3 * s], p[1] - dist[3 * s + 1], p[2] - dist[3 * s + 2]);
    const lNew = Math.hypot(p[0] - t[0], p[1] - t[1], p[2] - t[2]);
    if (lUp < 1e-6 || lDown < 1e-6 || lNew < 1e-6) return Number.POSITIVE_INFINITY;
    const rDown = c * lDown + (rStar[s] - c * len(s));
    const vDown = Math.PI * lDown + (vStar[s] - Math.PI * len(s));
    const [ru, vu] = combine(lUp, rDown, vDown, terms[s], c * lNew, Math.PI * lNew, 1);
    const [r0, v0] = propagate(s, ru, vu, false);
    return Math.sqrt((r0 * q0) / options.pressureDropPa) * v0; // r0^2 V*0 with r0^4 = R*0 Q0 / dp
  }

  // Bifurcation point for joining t to s: a compass search from the centroid of the three end points (3 step
  // levels, 6 directions), Karch 1999's geometric optimisation in its simplest form. Leaves the point in b.
  function centroid(s: number, t: [number, number, number]): number[] {
    return [0, 1, 2].map((d) => (prox[3 * s + d] + dist[3 * s + d] + t[d]) / 3);
  }

  function optimiseBifurcation(s: number, t: [number, number, number], q0: number): number {
    b.splice(0, 3, ...centroid(s, t));
    let cost = costAt(s, t, b, q0);
    if (!Number.isFinite(cost)) return cost;
    let step = Math.min(len(s), Math.hypot(b[0] - t[0], b[1] - t[1], b[2] - t[2])) / 4;
    const trial = [0, 0, 0];
    for (let level = 0; level < 3; level++, step /= 2) {
      for (let move = 0; move < 3; move++) {
        let improved = false;
        for (let dir = 0; dir < 6; dir++) {
          trial.splice(0, 3, ...b);
          trial[dir >> 1] += dir & 1 ? step : -step;
          const c2 = costAt(s, t, trial, q0);
          if (c2 < cost) {
            cost = c2;
            b.splice(0, 3, ...trial);
            improved = true;
          }
        }
        if (!improved) break;
      }
    }
    return cost;
  }

  function insertBifurcation(s: number, t: [number, number, number], point: number[]): void {
    const d = count;
    const n = count + 1;
    count += 2;
    b.splice(0, 3, ...point);
    const downPart = rStar[s] - c * len(s);
    const downVol = vStar[s] - Math.PI * len(s);
    grid.remove(s);
    // d: the old distal part B->D keeps s's children.
    prox.set(b, 3 * d);
    dist.set(dist.subarray(3 * s, 3 * s + 3), 3 * d);
    childA[d] = childA[s];
    childB[d] = childB[s];
    if (childA[d] >= 0) {
      parent[childA[d]] = d;
      parent[childB[d]] = d;
    }
    betaA[d] = betaA[s];
    betaB[d] = betaB[s];
    terms[d] = terms[s];
    parent[d] = s;
    rStar[d] = c * len(d) + downPart;
    vStar[d] = Math.PI * len(d) + downVol;
    // n: the new terminal B->T.
    prox.set(b, 3 * n);
    dist.set(t, 3 * n);
    parent[n] = s;
    terms[n] = 1;
    rStar[n] = c * len(n);
    vStar[n] = Math.PI * len(n);
    // s: now P->B with children d and n.
    dist.set(b, 3 * s);
    childA[s] = d;
    childB[s] = n;
    terms[s] = terms[d] + 1;
    const [rs, vs, ba, bb] = combine(len(s), rStar[d], vStar[d], terms[d], rStar[n], vStar[n], 1);
    rStar[s] = rs;
    vStar[s] = vs;
    betaA[s] = ba;
    betaB[s] = bb;
    propagate(s, rs, vs, true);
    index(s);
    index(d);
    index(n);
  }

  const radius = new Float64Array(count);
  radius[0] = ((rStar[0] * nTerm * options.terminalFlowMm3S) / options.pressureDropPa) ** 0.25;
  const stack = [0];
  while (stack.length > 0) {
    const i = stack.pop() as number;
    if (childA[i] < 0) continue;
    radius[childA[i]] = betaA[i] * radius[i];
    radius[childB[i]] = betaB[i] * radius[i];
    stack.push(childA[i], childB[i]);
  }
  return {
    count,
    parent: parent.slice(0, count),
    childA: childA.slice(0, count),
    childB: childB.slice(0, count),
    proximal: prox.slice(0, 3 * count),
    distal: dist.slice(0, 3 * count),
    radius,
    viscosityPaS,
  };
}
