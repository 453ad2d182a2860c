/**
 * Tracer transport along vessel segments on a uniform time grid (step dt, s). Each segment delays and
 * disperses its inflow by its residence-time distribution (RTD), with mean transit l / v_mean:
 *  - plug flow: a pure delay l / v_mean;
 *  - parabolic (laminar Poiseuille, no radial diffusion): flux-weighted RTD h(s) = 2 tau^2 / s^3 for s >= tau,
 *    tau = l / (2 v_mean) the centre-line transit (Levenspiel, Chemical Reaction Engineering, 3rd ed., ch. 15).
 * The RTD is discretised mean-preservingly: each interval's mass sits at its own conditional mean, split
 * linearly between the two neighbouring grid lags, and the 1/s^3 tail beyond 50 tau is lumped at its mean,
 * so the discrete first moment equals l / v_mean exactly. Bifurcations mix completely (arteries: children
 * get the parent's outflow; veins: flow-weighted mean of the children). Lumen tracer = Q * integral(c_in - c_out),
 * integrated with the bed's theta weights so the whole system conserves mass to rounding.
 * Units: time s, flow mm^3/s, concentration mM.
 */
import type { VesselTree } from './vessel-tree';
import { rootFirstOrder, segmentLength } from './vessel-tree';

export type FlowProfile = 'plug' | 'parabolic';

/** Discrete RTD weights at lags 0, dt, 2 dt, ... for a segment of mean transit `meanTransitS` (s). */
export function transitKernel(profile: FlowProfile, meanTransitS: number, dt: number): Float64Array {
  const weights: number[] = [];
  const deposit = (mass: number, at: number) => {
    const x = at / dt;
    const k = Math.floor(x);
    const f = x - k;
    while (weights.length < k + 2) weights.push(0);
    weights[k] += mass * (1 - f);
    weights[k + 1] += mass * f;
  };
  if (profile === 'plug' || meanTransitS === 0) {
    deposit(1, meanTransitS);
  } else {
    const tau = meanTransitS / 2;
    const cut = Math.min(50 * tau, tau + 200 * dt);
    let a = tau;
    for (let k = Math.floor(tau / dt) + 1; a < cut; k++) {
      const b = Math.min(cut, k * dt);
      if (b <= a) continue;
      const mass = (tau / a) ** 2 - (tau / b) ** 2;
      deposit(mass, (2 * tau * tau * (1 / a - 1 / b)) / mass);
      a = b;
    }
    deposit((tau / cut) ** 2, 2 * cut); // tail: mass (tau/T)^2, conditional mean 2T
  }
  while (weights.length > 1 && weights[weights.length - 1] === 0) weights.pop();
  return Float64Array.from(weights);
}

/** out[n] = sum_k w[k] in[n - k] (zero before the start). */
export function convolveCausal(input: Float64Array, kernel: Float64Array): Float64Array {
  const out = new Float64Array(input.length);
  for (let n = 0; n < input.length; n++) {
    let s = 0;
    const kMax = Math.min(kernel.length - 1, n);
    for (let k = 0; k <= kMax; k++) s += kernel[k] * input[n - k];
    out[n] = s;
  }
  return out;
}

export interface TreeTransport {
  /** Plasma concentration leaving each segment at every time step, mM (distal end for arteries, proximal for veins). */
  outflow: Float64Array[];
  /** Tracer in each segment's lumen at the requested steps, mM mm^3: lumen[recordIndex * count + segment]. */
  lumen: Float64Array;
  /** Mean transit time of each segment, s. */
  transitS: Float64Array;
}

export interface TreeTransportInput {
  tree: VesselTree;
  /** Plasma flow magnitude per segment, mm^3/s. */
  plasmaFlow: Float64Array;
  /** Blood flow magnitude per segment, mm^3/s (sets the velocity). */
  bloodFlow: Float64Array;
  profile: FlowProfile;
  dt: number;
  theta: number;
  /** Steps at which lumen contents are recorded. */
  recordSteps: ArrayLike<number>;
}

/** Arterial tree: `rootInflow` (mM per step) enters segment 0 and flows toward the terminals. */
export function transportArterial(input: TreeTransportInput, rootInflow: Float64Array): TreeTransport {
  const { tree } = input;
  const order = rootFirstOrder(tree);
  const inflow: Float64Array[] = new Array(tree.count);
  inflow[0] = rootInflow;
  return transportTree(
    input,
    order,
    (i) => inflow[i],
    (i, out) => {
      if (tree.childA[i] >= 0) {
        inflow[tree.childA[i]] = out;
        inflow[tree.childB[i]] = out;
      }
    },
  );
}

/** Venous tree: `terminalInflow(segment)` (mM per step) enters each terminal venule; flow mixes toward the root. */
export function transportVenous(
  input: TreeTransportInput,
  terminalInflow: (segment: number) => Float64Array,
): TreeTransport {
  const { tree, plasmaFlow } = input;
  const order = rootFirstOrder(tree).reverse();
  const outs: Float64Array[] = new Array(tree.count);
  const mixed = (i: number): Float64Array => {
    if (tree.childA[i] < 0) return terminalInflow(i);
    const a = tree.childA[i];
    const b = tree.childB[i];
    const qa = plasmaFlow[a];
    const qb = plasmaFlow[b];
    const q = qa + qb;
    return q > 0 ? outs[a].map((c, n) => (qa * c + qb * outs[b][n]) / q) : new Float64Array(outs[a].length);
  };
  return transportTree(input, order, mixed, (i, out) => {
    outs[i] = out;
  });
}

function transportTree(
  input: TreeTransportInput,
  order: Int32Array,
  inflowOf: (segment: number) => Float64Array,
  done: (segment: number, outflow: Float64Array) => void,
): TreeTransport {
  const { tree, plasmaFlow, bloodFlow, dt, theta, recordSteps } = input;
  const outflow: Float64Array[] = new Array(tree.count);
  const lumen = new Float64Array(recordSteps.length * tree.count);
  const transitS = new Float64Array(tree.count);
  for (const i of order) {
    const area = Math.PI * tree.radius[i] ** 2;
    transitS[i] = bloodFlow[i] > 0 ? (segmentLength(tree, i) * area) / bloodFlow[i] : 0;
    const cin = inflowOf(i);
    const cout = convolveCausal(cin, transitKernel(input.profile, transitS[i], dt));
    outflow[i] = cout;
    done(i, cout);
    let held = 0;
    let r = 0;
    for (let n = 0; n < cin.length && r < recordSteps.length; n++) {
      if (n > 0)
        held += dt * plasmaFlow[i] * ((1 - theta) * (cin[n - 1] - cout[n - 1]) + theta * (cin[n] - cout[n]));
      while (r < recordSteps.length && recordSteps[r] === n) lumen[r++ * tree.count + i] = held;
    }
  }
  return { outflow, lumen, transitS };
}
