/**
 * Tracer transport through the capillary bed: first-order upwind finite volumes for advection of plasma
 * concentration cp along the Darcy face flows, exchanging with the EES (ce) through PS, integrated by the
 * theta scheme (theta = 1/2: Crank-Nicolson, second order; 1: backward Euler; 0: explicit, CFL-limited).
 *   vp V dcp/dt = sum_in f cp_up - f_out cp + s c_in - PS V (cp - ce)      (2CXM per cell: Sourbron &
 *   ve V dce/dt = PS V (cp - ce)                                          Buckley NBM 2013, with upwind flow)
 * Darcy flow runs from high to low pressure, so with each cell placed after its upstream cells (falling
 * pressure is one such order; sweep-order.ts picks a cache-friendly one) the implicit system is block
 * lower-triangular: one sweep with a 2x2 solve per cell is the exact implicit step, O(cells).
 * Every flux leaves one cell and enters another with the same weights: tracer mass is conserved to rounding.
 * The sweep itself (stepBed) is in capillary-sweep.ts.
 * Units: flows mm^3/s, volumes mm^3, concentrations mM, time s.
 */
import { PerfusionInputError } from '../errors';
import type { DarcyField } from './darcy-bed';
import { upstreamFirstOrder } from './sweep-order';

export interface BedTransportModel {
  /** Active cells in sweep order (sweep-order.ts: each after its upstream cells); positions below refer to it. */
  order: Int32Array;
  /** Upstream faces of position p: inFrom/inFlow[inPtr[p] .. inPtr[p + 1]) (position, mm^3/s). */
  inPtr: Int32Array;
  inFrom: Int32Array;
  inFlow: Float64Array;
  /** Total outflow (faces + venules) per position, mm^3/s. */
  outFlow: Float64Array;
  sinkFlow: Float64Array;
  sourceFlow: Float64Array;
  vpV: Float64Array;
  veV: Float64Array;
  psV: Float64Array;
  /**
   * Positions by falling pressure (the sweep order of earlier versions): the bed's tracer amount is summed in
   * this order so the recorded budget stays bit-identical to theirs.
   */
  budgetOrder: Int32Array;
}

/** Builds the bed model from a Darcy field and per-cell vp, ve (fractions) and PS (1/s); cell volume h^3. */
export function buildBedTransport(
  field: DarcyField,
  vp: Float64Array,
  ve: Float64Array,
  psPerS: Float64Array,
): BedTransportModel {
  const { nx, ny, h } = field.grid;
  const n = field.pressure.length;
  const strides = [1, nx, nx * ny];
  const volume = h * h * h;
  // Bed cells numbered in grid order; upstream lists keep the face order (x, y, z faces, grid order).
  const cells: number[] = [];
  const id = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) if (vp[i] > 0) id[i] = cells.push(i) - 1;
  const m = cells.length;
  const inLists: number[][] = Array.from({ length: m }, () => []);
  const outById = new Float64Array(m);
  for (let d = 0; d < 3; d++) {
    for (let i = 0; i < n; i++) {
      const f = field.faceFlux[d][i];
      if (f === 0) continue;
      const [up, down] = f > 0 ? [i, i + strides[d]] : [i + strides[d], i];
      if (id[up] < 0 || id[down] < 0)
        throw new PerfusionInputError(
          'INVALID_BED',
          `capillary bed: flow through cell ${vp[up] > 0 ? down : up}, which has vp = 0`,
        );
      inLists[id[down]].push(id[up], Math.abs(f));
      outById[id[up]] += Math.abs(f);
    }
  }
  const ptrById = new Int32Array(m + 1);
  for (let c = 0; c < m; c++) ptrById[c + 1] = ptrById[c] + inLists[c].length / 2;
  const fromById = Int32Array.from(inLists.flatMap((list) => list.filter((_, k) => k % 2 === 0)));
  const sweepOrder = upstreamFirstOrder(ptrById, fromById);
  const pos = new Int32Array(m);
  sweepOrder.forEach((c, p) => {
    pos[c] = p;
  });
  const byPressure = Array.from(sweepOrder.keys()).sort(
    (a, b) => field.pressure[cells[b]] - field.pressure[cells[a]] || a - b,
  );
  const inPtr = new Int32Array(m + 1);
  for (let p = 0; p < m; p++) inPtr[p + 1] = inPtr[p] + inLists[sweepOrder[p]].length / 2;
  const model: BedTransportModel = {
    order: Int32Array.from(sweepOrder, (c) => cells[c]),
    inPtr,
    inFrom: new Int32Array(inPtr[m]),
    inFlow: new Float64Array(inPtr[m]),
    outFlow: new Float64Array(m),
    sinkFlow: new Float64Array(m),
    sourceFlow: new Float64Array(m),
    vpV: new Float64Array(m),
    veV: new Float64Array(m),
    psV: new Float64Array(m),
    budgetOrder: Int32Array.from(byPressure, (c) => pos[c]),
  };
  for (let p = 0; p < m; p++) {
    const list = inLists[sweepOrder[p]];
    for (let k = 0; k < list.length / 2; k++) {
      model.inFrom[inPtr[p] + k] = pos[list[2 * k]];
      model.inFlow[inPtr[p] + k] = list[2 * k + 1];
    }
    const c = cells[sweepOrder[p]];
    model.sinkFlow[p] = field.sinkFlow[c];
    model.sourceFlow[p] = field.source[c];
    model.outFlow[p] = outById[sweepOrder[p]] + field.sinkFlow[c];
    model.vpV[p] = vp[c] * volume;
    model.veV[p] = ve[c] * volume;
    model.psV[p] = psPerS[c] * volume;
    if (ve[c] === 0 && psPerS[c] > 0)
      throw new PerfusionInputError('INVALID_BED', `capillary bed: cell ${c} has PS > 0 but ve = 0`);
  }
  return model;
}

/** The largest stable step of the explicit part (theta < 1/2 schemes), s; Infinity for an empty bed. */
export function explicitStepLimitS(model: BedTransportModel): number {
  let limit = Number.POSITIVE_INFINITY;
  for (let p = 0; p < model.order.length; p++) {
    limit = Math.min(limit, model.vpV[p] / (model.outFlow[p] + model.psV[p]));
    if (model.psV[p] > 0) limit = Math.min(limit, model.veV[p] / model.psV[p]);
  }
  return limit;
}

export interface BedState {
  cp: Float64Array;
  ce: Float64Array;
}

/** Tracer amount held in the bed, mM mm^3 (summed in `budgetOrder`). */
export function bedTracerAmount(model: BedTransportModel, state: BedState): number {
  let s = 0;
  const { budgetOrder, vpV, veV } = model;
  const { cp, ce } = state;
  for (let r = 0; r < budgetOrder.length; r++) {
    const p = budgetOrder[r];
    s += vpV[p] * cp[p] + veV[p] * ce[p];
  }
  return s;
}
