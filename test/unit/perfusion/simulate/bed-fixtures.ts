import {
  type BedState,
  type BedTransportModel,
  buildBedTransport,
  stepBed,
} from '../../../../perfusion/simulate/capillary-transport';
import { type BedGrid, solveDarcy } from '../../../../perfusion/simulate/darcy-bed';

/** A straight porous channel of n cubic cells along x, fed at cell 0 with Darcy flux `fluxMmS` (mm/s) and drained at cell n-1. */
export function channel(
  n: number,
  lengthMm: number,
  fluxMmS: number,
  vp: number,
  ve = 0,
  psPerS = 0,
): BedTransportModel {
  const grid: BedGrid = { nx: n, ny: 1, nz: 1, h: lengthMm / n };
  const source = new Float64Array(n);
  const sinks = new Float64Array(n);
  source[0] = fluxMmS * grid.h * grid.h;
  sinks[n - 1] = 1;
  const field = solveDarcy({
    grid,
    permeability: new Float64Array(n).fill(1),
    source,
    sinkCount: sinks,
    pressureDropPa: 1000,
  });
  return buildBedTransport(
    field,
    new Float64Array(n).fill(vp),
    new Float64Array(n).fill(ve),
    new Float64Array(n).fill(psPerS),
  );
}

/** Runs a bed fed by `inlet(t)` (mM) at its source cells; returns the per-step states and drained amounts. */
export function runBed(
  model: BedTransportModel,
  inlet: (tS: number) => number,
  dt: number,
  steps: number,
  theta: number,
) {
  const m = model.order.length;
  let state: BedState = { cp: new Float64Array(m), ce: new Float64Array(m) };
  let next: BedState = { cp: new Float64Array(m), ce: new Float64Array(m) };
  const inflow = (t: number) => model.sourceFlow.map((q) => q * inlet(t));
  const states: BedState[] = [{ cp: state.cp.slice(), ce: state.ce.slice() }];
  const drained: number[] = [0];
  const injected: number[] = [0];
  for (let s = 0; s < steps; s++) {
    const a = inflow(s * dt);
    const b = inflow((s + 1) * dt);
    const d = stepBed(model, state, next, a, b, dt, theta);
    drained.push(drained[s] + d);
    let inj = 0;
    for (let p = 0; p < m; p++) inj += dt * ((1 - theta) * a[p] + theta * b[p]);
    injected.push(injected[s] + inj);
    [state, next] = [next, state];
    states.push({ cp: state.cp.slice(), ce: state.ce.slice() });
  }
  return { states, drained, injected };
}
