/**
 * Tracer transport through the capillary bed: first-order upwind finite volumes for advection of plasma
 * concentration cp along the Darcy face flows, exchanging with the EES (ce) through PS, integrated by the
 * theta scheme (theta = 1/2: Crank-Nicolson, second order; 1: backward Euler; 0: explicit, CFL-limited).
 *   vp V dcp/dt = sum_in f cp_up - f_out cp + s c_in - PS V (cp - ce)      (2CXM per cell: Sourbron &
 *   ve V dce/dt = PS V (cp - ce)                                          Buckley NBM 2013, with upwind flow)
 * Darcy flow runs from high to low pressure, so with cells ordered by falling pressure the implicit system
 * is block lower-triangular: one sweep with a 2x2 solve per cell is the exact implicit step, O(cells).
 * Every flux leaves one cell and enters another with the same weights: tracer mass is conserved to rounding.
 * The sweep itself (stepBed) is in capillary-sweep.ts.
 * Units: flows mm^3/s, volumes mm^3, concentrations mM, time s.
 */
import { PerfusionInputError } from '../errors';
import type { DarcyField } from './darcy-bed';

export interface BedTransportModel {
  /** Active cells in sweep order (falling pressure); positions below refer to this order. */
  order: Int32Array;
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
}

/** Builds the sweep from a Darcy field and per-cell vp, ve (fractions) and PS (1/s); cell volume h^3. */
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
  const cells: number[] = [];
  for (let i = 0; i < n; i++) if (vp[i] > 0) cells.push(i);
  cells.sort((a, b) => field.pressure[b] - field.pressure[a] || a - b);
  const pos = new Int32Array(n).fill(-1);
  cells.forEach((c, p) => {
    pos[c] = p;
  });
  const m = cells.length;
  const inLists: number[][] = Array.from({ length: m }, () => []);
  const outFlow = new Float64Array(m);
  for (let d = 0; d < 3; d++) {
    for (let i = 0; i < n; i++) {
      const f = field.faceFlux[d][i];
      if (f === 0) continue;
      const [up, down] = f > 0 ? [i, i + strides[d]] : [i + strides[d], i];
      if (pos[up] < 0 || pos[down] < 0)
        throw new PerfusionInputError(
          'INVALID_BED',
          `capillary bed: flow through cell ${vp[up] > 0 ? down : up}, which has vp = 0`,
        );
      inLists[pos[down]].push(pos[up], Math.abs(f));
      outFlow[pos[up]] += Math.abs(f);
    }
  }
  const inPtr = new Int32Array(m + 1);
  for (let p = 0; p < m; p++) inPtr[p + 1] = inPtr[p] + inLists[p].length / 2;
  const inFrom = new Int32Array(inPtr[m]);
  const inFlow = new Float64Array(inPtr[m]);
  const model: BedTransportModel = {
    order: Int32Array.from(cells),
    inPtr,
    inFrom,
    inFlow,
    outFlow,
    sinkFlow: new Float64Array(m),
    sourceFlow: new Float64Array(m),
    vpV: new Float64Array(m),
    veV: new Float64Array(m),
    psV: new Float64Array(m),
  };
  for (let p = 0; p < m; p++) {
    const list = inLists[p];
    for (let k = 0; k < list.length / 2; k++) {
      if (list[2 * k] >= p)
        throw new PerfusionInputError(
          'INVALID_BED',
          'capillary bed: flow against the pressure order; the Darcy field is inconsistent',
        );
      inFrom[inPtr[p] + k] = list[2 * k];
      inFlow[inPtr[p] + k] = list[2 * k + 1];
    }
    const c = cells[p];
    model.sinkFlow[p] = field.sinkFlow[c];
    model.sourceFlow[p] = field.source[c];
    outFlow[p] += field.sinkFlow[c];
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

/** Tracer amount held in the bed, mM mm^3. */
export function bedTracerAmount(model: BedTransportModel, state: BedState): number {
  let s = 0;
  for (let p = 0; p < state.cp.length; p++) s += model.vpV[p] * state.cp[p] + model.veV[p] * state.ce[p];
  return s;
}
