/**
 * The implicit sweep of the capillary bed (capillary-transport.ts) for one time step dt (s) and theta, laid out
 * for speed. Every value is computed by the same floating-point operations, in the same order, as the direct
 * form of the scheme, so results are bit-for-bit those of computing each coefficient inside the loop:
 *  - the per-cell coefficients of the 2x2 solve depend on dt and theta only, so they are computed once and
 *    stored interleaved (one stream of 9 float64 per cell instead of divisions and 5 arrays per update);
 *  - the upwind face term needs w0 cp + theta cp_new of the upstream cell, the same value the cell's own
 *    venule drainage needs: each cell stores it once (`mixed`), so a face reads one value, not two;
 *  - the first 4 upstream faces of a cell sit in fixed slots (a cell has 0-6, mostly 2-4), so the face loop
 *    has no data-dependent exit; unused slots add flow -0 times a slot holding +0, i.e. -0, and x + (-0) = x
 *    for every x, so padding never changes a sum. Faces beyond the 4th follow in order from a short list.
 * Units: flows mm^3/s, volumes mm^3, concentrations mM, time s.
 */
import type { BedState, BedTransportModel } from './capillary-transport';

/** Upstream face slots per cell; a cell's further faces go to the overflow list. */
const SLOTS = 4;
/** Float64 values per cell in `coefficients`: vpV/dt, outFlow, psV, a, veV/dt, d, b, det, dt sinkFlow. */
const STRIDE = 9;

export interface BedSweep {
  theta: number;
  /** Per position, STRIDE values (see above); a, b, d, det are the 2x2 system of the step. */
  coefficients: Float64Array;
  /** 1 where the cell has no EES (ve = 0): the 2x2 system degenerates to the plasma equation. */
  noExchange: Uint8Array;
  /** Upstream position and face flow (mm^3/s) of slot s of position p at SLOTS p + s. */
  slotFrom: Int32Array;
  slotFlow: Float64Array;
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
  const coefficients = new Float64Array(m * STRIDE);
  const noExchange = new Uint8Array(m);
  const slotFrom = new Int32Array(m * SLOTS).fill(m);
  const slotFlow = new Float64Array(m * SLOTS).fill(-0);
  const overflowPtr = new Int32Array(m + 1);
  for (let p = 0; p < m; p++) {
    const a = vpV[p] / dt + theta * (outFlow[p] + psV[p]);
    const b = -theta * psV[p];
    const d = veV[p] / dt + theta * psV[p];
    coefficients.set(
      [vpV[p] / dt, outFlow[p], psV[p], a, veV[p] / dt, d, b, a * d - b * b, dt * sinkFlow[p]],
      p * STRIDE,
    );
    noExchange[p] = veV[p] === 0 ? 1 : 0;
    const faces = inPtr[p + 1] - inPtr[p];
    for (let s = 0; s < Math.min(faces, SLOTS); s++) {
      slotFrom[p * SLOTS + s] = inFrom[inPtr[p] + s];
      slotFlow[p * SLOTS + s] = inFlow[inPtr[p] + s];
    }
    overflowPtr[p + 1] = overflowPtr[p] + Math.max(0, faces - SLOTS);
  }
  const overflowFrom = new Int32Array(overflowPtr[m]);
  const overflowFlow = new Float64Array(overflowPtr[m]);
  for (let p = 0; p < m; p++) {
    const extra = overflowPtr[p + 1] - overflowPtr[p];
    for (let e = 0; e < extra; e++) {
      overflowFrom[overflowPtr[p] + e] = inFrom[inPtr[p] + SLOTS + e];
      overflowFlow[overflowPtr[p] + e] = inFlow[inPtr[p] + SLOTS + e];
    }
  }
  return {
    theta,
    coefficients,
    noExchange,
    slotFrom,
    slotFlow,
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
  const {
    theta,
    coefficients: k,
    noExchange,
    slotFrom,
    slotFlow,
    overflowPtr,
    overflowFrom,
    overflowFlow,
    mixed,
  } = sweep;
  const { cp, ce } = state;
  const cpN = next.cp;
  const ceN = next.ce;
  const w0 = 1 - theta;
  let drained = 0;
  let e = 0;
  for (let p = 0, o = 0, s = 0; p < cpN.length; p++, o += STRIDE, s += SLOTS) {
    let inflow = w0 * inflowOld[p] + theta * inflowNew[p];
    inflow += slotFlow[s] * mixed[slotFrom[s]];
    inflow += slotFlow[s + 1] * mixed[slotFrom[s + 1]];
    inflow += slotFlow[s + 2] * mixed[slotFrom[s + 2]];
    inflow += slotFlow[s + 3] * mixed[slotFrom[s + 3]];
    for (const end = overflowPtr[p + 1]; e < end; e++) inflow += overflowFlow[e] * mixed[overflowFrom[e]];
    const cpOld = cp[p];
    const ceOld = ce[p];
    const exch = k[o + 2] * (cpOld - ceOld);
    const r1 = k[o] * cpOld - w0 * (k[o + 1] * cpOld + exch) + inflow;
    const a = k[o + 3];
    let cpNew: number;
    if (noExchange[p] === 1) {
      cpNew = r1 / a;
      ceN[p] = 0;
    } else {
      const b = k[o + 6];
      const det = k[o + 7];
      const r2 = k[o + 4] * ceOld + w0 * exch;
      cpNew = (r1 * k[o + 5] - b * r2) / det;
      ceN[p] = (a * r2 - b * r1) / det;
    }
    cpN[p] = cpNew;
    const mix = w0 * cpOld + theta * cpNew;
    mixed[p] = mix;
    drained += k[o + 8] * mix;
  }
  return drained;
}
