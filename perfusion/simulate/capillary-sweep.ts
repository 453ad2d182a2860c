/**
 * The implicit sweep of the capillary bed (capillary-transport.ts) for one time step dt (s) and theta, laid out
 * for speed. Every value is computed by the same floating-point operations, in the same order, as the direct
 * form of the scheme, so results are bit-for-bit those of computing each coefficient inside the loop:
 *  - the sweep streams through memory, so what a cell needs sits in one record of 9 float64: vpV/dt, outFlow,
 *    psV, veV/dt and dt sinkFlow (the divisions done once), then the flows of its first 4 upstream faces;
 *    the 2x2 system's a, b, d and det are recomputed from them, which is cheaper than reading them;
 *  - the upwind face term needs w0 cp + theta cp_new of the upstream cell, the same value the cell's own
 *    venule drainage needs: each cell stores it once (`mixed`), so a face reads one value, not two;
 *  - the 4 face slots make the face loop branch-free (a cell has 0-6 upstream faces, mostly 2-4); unused
 *    slots add flow -0 times a slot holding +0, i.e. -0, and x + (-0) = x for every x, so padding never
 *    changes a sum. Faces beyond the 4th follow, in order, from a short list.
 * Units: flows mm^3/s, volumes mm^3, concentrations mM, time s.
 */
import type { BedState, BedTransportModel } from './capillary-transport';

/** Upstream face slots per cell; a cell's further faces go to the overflow list. */
const SLOTS = 4;
/** Float64 values per cell in `cells`: vpV/dt, outFlow, psV, veV/dt, dt sinkFlow, then SLOTS face flows. */
const STRIDE = 5 + SLOTS;

export interface BedSweep {
  theta: number;
  /** Per position, STRIDE values (see above). */
  cells: Float64Array;
  /** 1 where the cell has no EES (ve = 0): the 2x2 system degenerates to the plasma equation. */
  noExchange: Uint8Array;
  /** Upstream position of face slot s of position p at SLOTS p + s (its flow is in `cells`). */
  slotFrom: Int32Array;
  /** Faces beyond the SLOTS-th of position p: overflowFrom/Flow[overflowPtr[p] .. overflowPtr[p + 1]). */
  overflowPtr: Int32Array;
  overflowFrom: Int32Array;
  overflowFlow: Float64Array;
  /** w0 cp + theta cp_new per position during a step (mM); the extra last slot stays +0 for padding. */
  mixed: Float64Array;
}

/** Precomputes the sweep of `model` for step `dt` (s) and scheme weight `theta` (0..1). */
export function prepareBedSweep(model: BedTransportModel, dt: number, theta: number): BedSweep {
  const m = model.order.length;
  const { inPtr, inFrom, inFlow, outFlow, vpV, veV, psV, sinkFlow } = model;
  const cells = new Float64Array(m * STRIDE);
  const noExchange = new Uint8Array(m);
  const slotFrom = new Int32Array(m * SLOTS).fill(m);
  const overflowPtr = new Int32Array(m + 1);
  for (let p = 0; p < m; p++) {
    const faces = inPtr[p + 1] - inPtr[p];
    const slotFlows = Array.from({ length: SLOTS }, (_, s) => (s < faces ? inFlow[inPtr[p] + s] : -0));
    cells.set([vpV[p] / dt, outFlow[p], psV[p], veV[p] / dt, dt * sinkFlow[p], ...slotFlows], p * STRIDE);
    noExchange[p] = veV[p] === 0 ? 1 : 0;
    for (let s = 0; s < Math.min(faces, SLOTS); s++) slotFrom[p * SLOTS + s] = inFrom[inPtr[p] + s];
    overflowPtr[p + 1] = overflowPtr[p] + Math.max(0, faces - SLOTS);
  }
  const overflowFrom = new Int32Array(overflowPtr[m]);
  const overflowFlow = new Float64Array(overflowPtr[m]);
  for (let p = 0; p < m; p++) {
    for (let e = 0; e < overflowPtr[p + 1] - overflowPtr[p]; e++) {
      overflowFrom[overflowPtr[p] + e] = inFrom[inPtr[p] + SLOTS + e];
      overflowFlow[overflowPtr[p] + e] = inFlow[inPtr[p] + SLOTS + e];
    }
  }
  return {
    theta,
    cells,
    noExchange,
    slotFrom,
    overflowPtr,
    overflowFrom,
    overflowFlow,
    mixed: new Float64Array(m + 1),
  };
}

/**
 * Advances the bed one step of the sweep's dt. `inflowOld/New[p]` are the source tracer inflows (mM mm^3/s) at
 * the start and end of the step; `next` receives the new state. Returns tracer drained to venules during the
 * step (mM mm^3).
 */
export function stepBed(
  sweep: BedSweep,
  state: BedState,
  next: BedState,
  inflowOld: Float64Array,
  inflowNew: Float64Array,
): number {
  const { theta, cells: k, noExchange, slotFrom, overflowPtr, overflowFrom, overflowFlow, mixed } = sweep;
  const { cp, ce } = state;
  const cpN = next.cp;
  const ceN = next.ce;
  const w0 = 1 - theta;
  let drained = 0;
  let e = 0;
  for (let p = 0, o = 0, s = 0; p < cpN.length; p++, o += STRIDE, s += SLOTS) {
    let inflow = w0 * inflowOld[p] + theta * inflowNew[p];
    inflow += k[o + 5] * mixed[slotFrom[s]];
    inflow += k[o + 6] * mixed[slotFrom[s + 1]];
    inflow += k[o + 7] * mixed[slotFrom[s + 2]];
    inflow += k[o + 8] * mixed[slotFrom[s + 3]];
    for (const end = overflowPtr[p + 1]; e < end; e++) inflow += overflowFlow[e] * mixed[overflowFrom[e]];
    const cpOld = cp[p];
    const ceOld = ce[p];
    const vpVdt = k[o];
    const outFlow = k[o + 1];
    const psV = k[o + 2];
    const exch = psV * (cpOld - ceOld);
    const r1 = vpVdt * cpOld - w0 * (outFlow * cpOld + exch) + inflow;
    const a = vpVdt + theta * (outFlow + psV);
    let cpNew: number;
    if (noExchange[p] === 1) {
      cpNew = r1 / a;
      ceN[p] = 0;
    } else {
      const veVdt = k[o + 3];
      const b = -theta * psV;
      const d = veVdt + theta * psV;
      const det = a * d - b * b;
      const r2 = veVdt * ceOld + w0 * exch;
      cpNew = (r1 * d - b * r2) / det;
      ceN[p] = (a * r2 - b * r1) / det;
    }
    cpN[p] = cpNew;
    const mix = w0 * cpOld + theta * cpNew;
    mixed[p] = mix;
    drained += k[o + 4] * mix;
  }
  return drained;
}
