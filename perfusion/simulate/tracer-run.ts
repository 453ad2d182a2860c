/**
 * Runs the tracer through a subject's network on one uniform time grid: root plasma AIF -> arterial tree
 * (RTD kernels) -> terminal arterioles -> capillary bed (theta-scheme upwind + EES exchange) -> venules ->
 * venous tree -> venous root. Records tissue concentration per cell at the frame times (bed + lumens) and
 * the tracer budget (injected at the root, held in bed and lumens, drained at the venous root).
 * Units: s, mM, mm^3, mm^3/s.
 */
import { PerfusionInputError } from '../errors';
import {
  type BedState,
  bedTracerAmount,
  buildBedTransport,
  explicitStepLimitS,
  stepBed,
} from './capillary-transport';
import type { VascularNetwork } from './vascular-network';
import type { LumenRaster } from './vessel-lumen';
import { type FlowProfile, type TreeTransport, transportArterial, transportVenous } from './vessel-transport';

export interface TracerRunOptions {
  /** Plasma concentration entering the arterial root at each step, mM (length steps + 1). */
  rootPlasma: Float64Array;
  dt: number;
  theta: number;
  hct: number;
  profile: FlowProfile;
  /** Steps at which frames are recorded. */
  frameSteps: Int32Array;
  onProgress?: (fraction: number) => void;
}

export interface TracerRun {
  /** Tissue concentration per cell per frame, mM: frames[f][cell]. */
  frames: Float64Array[];
  /** Tracer budget at each frame, mM mm^3. */
  injected: Float64Array;
  held: Float64Array;
  drained: Float64Array;
  /** Bolus arrival per cell: time to peak of capillary plasma minus that of the root AIF, s (NaN where no flow). */
  arrivalS: Float64Array;
  /** Mean transit of the arterial path to each arterial terminal segment, s. */
  arterialTransit: TreeTransport['transitS'];
  /** Plasma concentration leaving the venous root at each frame (the venous output), mM. */
  venousOutflow: Float64Array;
}

export function runTracer(net: VascularNetwork, o: TracerRunOptions): TracerRun {
  const { dt, theta, hct, frameSteps } = o;
  const steps = o.rootPlasma.length - 1;
  const bed = buildBedTransport(net.darcy, net.vp, net.ve, net.psPerS);
  if (theta < 0.5) {
    const limit = explicitStepLimitS(bed) / (1 - theta);
    if (dt > limit)
      throw new PerfusionInputError(
        'INVALID_CONFIG',
        `transport.timeStepS: ${dt} s violates the CFL limit ${limit.toPrecision(3)} s of the explicit scheme (theta ${theta}); reduce it or use theta >= 0.5`,
      );
  }
  const m = bed.order.length;
  const posOf = new Int32Array(net.darcy.pressure.length).fill(-1);
  bed.order.forEach((c, p) => {
    posOf[c] = p;
  });
  const plasmaA = net.arterialFlow.flow.map((q) => (1 - hct) * Math.abs(q));
  const art = transportArterial(
    {
      tree: net.arterial,
      plasmaFlow: plasmaA,
      bloodFlow: net.arterialFlow.flow.map(Math.abs),
      profile: o.profile,
      dt,
      theta,
      recordSteps: frameSteps,
    },
    o.rootPlasma,
  );
  o.onProgress?.(0.1);
  // Bed positions fed by each arterial terminal (with their plasma inflow, mm^3/s), and drained by each venule.
  const feeds = net.arterialTerminals.map((t) => ({
    c: art.outflow[t.segment],
    pos: Int32Array.from(t.cells, (cell) => posOf[cell]),
    q: t.weights.map((w) => w * plasmaA[t.segment]),
  }));
  const drains = net.venousTerminals.map((t) => {
    const q = Float64Array.from(
      t.cells,
      (cell, j) => (t.weights[j] / net.sinkCount[cell]) * net.darcy.sinkFlow[cell],
    );
    const total = q.reduce((a, b) => a + b, 0);
    return {
      pos: Int32Array.from(t.cells, (cell) => posOf[cell]),
      share: q.map((x) => (total > 0 ? x / total : 0)),
      series: new Float64Array(steps + 1),
    };
  });
  const fill = (into: Float64Array, k: number) => {
    for (const f of feeds) for (let j = 0; j < f.pos.length; j++) into[f.pos[j]] = 0;
    for (const f of feeds) for (let j = 0; j < f.pos.length; j++) into[f.pos[j]] += f.q[j] * f.c[k];
  };
  let state: BedState = { cp: new Float64Array(m), ce: new Float64Array(m) };
  let next: BedState = { cp: new Float64Array(m), ce: new Float64Array(m) };
  const inOld = new Float64Array(m);
  const inNew = new Float64Array(m);
  const injectedAt = new Float64Array(frameSteps.length);
  const bedHeld = new Float64Array(frameSteps.length);
  const bedFrames: Float64Array[] = [];
  const peak = new Float64Array(m);
  const peakStep = new Int32Array(m).fill(-1);
  let injected = 0;
  let f = 0;
  const record = (k: number) => {
    while (f < frameSteps.length && frameSteps[f] === k) {
      injectedAt[f] = injected;
      bedHeld[f] = bedTracerAmount(bed, state);
      const frame = new Float64Array(net.darcy.pressure.length);
      const volume = net.darcy.grid.h ** 3;
      for (let p = 0; p < m; p++)
        frame[bed.order[p]] = (bed.vpV[p] * state.cp[p] + bed.veV[p] * state.ce[p]) / volume;
      bedFrames.push(frame);
      f++;
    }
  };
  record(0);
  for (let k = 0; k < steps; k++) {
    fill(inOld, k);
    fill(inNew, k + 1);
    stepBed(bed, state, next, inOld, inNew, dt, theta);
    injected += dt * ((1 - theta) * o.rootPlasma[k] + theta * o.rootPlasma[k + 1]) * plasmaA[0];
    [state, next] = [next, state];
    for (const d of drains) {
      let c = 0;
      for (let j = 0; j < d.pos.length; j++) c += d.share[j] * state.cp[d.pos[j]];
      d.series[k + 1] = c;
    }
    for (let p = 0; p < m; p++) {
      if (state.cp[p] > peak[p]) {
        peak[p] = state.cp[p];
        peakStep[p] = k + 1;
      }
    }
    record(k + 1);
    if (k % 200 === 0) o.onProgress?.(0.1 + (0.8 * k) / steps);
  }
  const plasmaV = net.venousFlow.flow.map((q) => (1 - hct) * Math.abs(q));
  const venuleSeries = new Map(net.venousTerminals.map((t, i) => [t.segment, drains[i].series]));
  const ven = transportVenous(
    {
      tree: net.venous,
      plasmaFlow: plasmaV,
      bloodFlow: net.venousFlow.flow.map(Math.abs),
      profile: o.profile,
      dt,
      theta,
      recordSteps: frameSteps,
    },
    (segment) => venuleSeries.get(segment) as Float64Array,
  );
  const frames = bedFrames.map((frame, r) => {
    addLumens(frame, art.lumen, r, net.arterialLumen, net.darcy.grid.h ** 3);
    addLumens(frame, ven.lumen, r, net.venousLumen, net.darcy.grid.h ** 3);
    return frame;
  });
  const held = new Float64Array(frameSteps.length);
  const drained = new Float64Array(frameSteps.length);
  const root = ven.outflow[0];
  let out = 0;
  for (let k = 0, r = 0; k <= steps && r < frameSteps.length; k++) {
    if (k > 0) out += dt * plasmaV[0] * ((1 - theta) * root[k - 1] + theta * root[k]);
    while (r < frameSteps.length && frameSteps[r] === k) {
      let lumen = 0;
      for (let s = 0; s < net.arterial.count; s++) lumen += art.lumen[r * net.arterial.count + s];
      for (let s = 0; s < net.venous.count; s++) lumen += ven.lumen[r * net.venous.count + s];
      held[r] = bedHeld[r] + lumen;
      drained[r] = out;
      r++;
    }
  }
  let rootPeak = 0;
  o.rootPlasma.forEach((c, k) => {
    if (c > o.rootPlasma[rootPeak]) rootPeak = k;
  });
  const arrivalS = new Float64Array(net.darcy.pressure.length).fill(Number.NaN);
  for (let p = 0; p < m; p++) if (peakStep[p] >= 0) arrivalS[bed.order[p]] = (peakStep[p] - rootPeak) * dt;
  o.onProgress?.(1);
  return {
    frames,
    injected: injectedAt,
    held,
    drained,
    arrivalS,
    arterialTransit: art.transitS,
    venousOutflow: Float64Array.from(frameSteps, (k) => root[k]),
  };
}

function addLumens(
  frame: Float64Array,
  lumen: Float64Array,
  record: number,
  raster: LumenRaster,
  cellVolume: number,
): void {
  const count = raster.ptr.length - 1;
  for (let s = 0; s < count; s++) {
    const amount = lumen[record * count + s];
    if (amount === 0) continue;
    for (let k = raster.ptr[s]; k < raster.ptr[s + 1]; k++)
      frame[raster.cell[k]] += (amount * raster.weight[k]) / cellVolume;
  }
}
