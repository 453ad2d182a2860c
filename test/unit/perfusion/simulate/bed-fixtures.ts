import { parkerPlasmaAif } from '../../../../perfusion/aif/parker-aif';
import {
  type BedState,
  type BedTransportModel,
  buildBedTransport,
  stepBed,
} from '../../../../perfusion/simulate/capillary-transport';
import { type BedGrid, type DarcyField, solveDarcy } from '../../../../perfusion/simulate/darcy-bed';

/** Darcy field of a straight porous channel of n cubic cells along x, fed at cell 0 with Darcy flux `fluxMmS` (mm/s), drained at cell n-1. */
export function channelField(n: number, lengthMm: number, fluxMmS: number): DarcyField {
  const grid: BedGrid = { nx: n, ny: 1, nz: 1, h: lengthMm / n };
  const source = new Float64Array(n);
  const sinks = new Float64Array(n);
  source[0] = fluxMmS * grid.h * grid.h;
  sinks[n - 1] = 1;
  return solveDarcy({
    grid,
    permeability: new Float64Array(n).fill(1),
    source,
    sinkCount: sinks,
    pressureDropPa: 1000,
  });
}

/** The transport model of that channel with uniform vp, ve and PS (1/s). */
export function channel(
  n: number,
  lengthMm: number,
  fluxMmS: number,
  vp: number,
  ve = 0,
  psPerS = 0,
): BedTransportModel {
  const field = channelField(n, lengthMm, fluxMmS);
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

/** Parker plasma AIF (Hct 0.42, onset 10 s) at one time, mM. */
export const parkerAt = (t: number) => parkerPlasmaAif(Float64Array.of(t), { onsetS: 10, hct: 0.42 })[0];

/**
 * Analytic 2CXM tissue concentration (Sourbron & Buckley 2013 closed-form IRF) for the AIF `parkerAt`,
 * convolved by a 0.002 s trapezoid; Fp and PS in 1/s. Returns c(t) for t in [0, tEnd] s.
 */
export function analytic2cxm(
  fp: number,
  ps: number,
  vp: number,
  ve: number,
  tEnd: number,
): (t: number) => number {
  const T = (vp + ve) / fp;
  const Tc = vp / fp;
  const Te = ve / ps;
  const root = Math.sqrt((T + Te) ** 2 - 4 * Tc * Te);
  const sp = (T + Te + root) / (2 * Tc * Te);
  const sm = (T + Te - root) / (2 * Tc * Te);
  const ep = (T - 1 / sm) / (1 / sp - 1 / sm);
  const h = 0.002;
  const n = Math.round(tEnd / h);
  // Recursive exact convolution of the finely sampled AIF with each exponential (trapezoid in the integrand).
  const out = new Float64Array(n + 1);
  let ip = 0;
  let im = 0;
  let prev = parkerAt(0);
  for (let k = 1; k <= n; k++) {
    const cur = parkerAt(k * h);
    ip = ip * Math.exp(-sp * h) + (h / 2) * (prev * Math.exp(-sp * h) + cur);
    im = im * Math.exp(-sm * h) + (h / 2) * (prev * Math.exp(-sm * h) + cur);
    out[k] = fp * (ep * ip + (1 - ep) * im);
    prev = cur;
  }
  return (t: number) => out[Math.round(t / h)];
}
