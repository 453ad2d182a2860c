/**
 * The capillary bed over a whole tracer run (tracer-run.ts drives it): at every step the terminal arterioles'
 * tracer flows in, the implicit sweep advances the bed (capillary-sweep.ts), the venules' outflow is sampled
 * for the venous tree, each cell's plasma peak is tracked (bolus arrival), and at frame steps the tissue
 * concentration and the tracer held are recorded. The per-step passes are plain functions of typed arrays so
 * each compiles to a tight loop. Units: s, mM, mm^3, mm^3/s.
 */
import { prepareBedSweep, stepBed } from './capillary-sweep';
import { type BedState, type BedTransportModel, bedTracerAmount } from './capillary-transport';

/** An arterial terminal: bed positions it feeds, plasma inflow into each (mm^3/s), its outflow per step (mM). */
export interface BedFeed {
  pos: Int32Array;
  q: Float64Array;
  c: Float64Array;
}

/** A venular terminal: bed positions it drains and each one's share of its flow (summing to 1). */
export interface BedDrain {
  pos: Int32Array;
  share: Float64Array;
}

export interface CapillaryRunOptions {
  dt: number;
  theta: number;
  steps: number;
  /** Steps at which frames are recorded. */
  frameSteps: Int32Array;
  /** Cells of the simulation grid, and their volume (mm^3), for the frames. */
  gridCells: number;
  cellVolume: number;
  /** Called every 200 steps with the fraction of steps done. */
  onProgress?: (fraction: number) => void;
}

export interface CapillaryRun {
  /** Bed tissue concentration per grid cell per frame, mM (vp cp + ve ce). */
  frames: Float64Array[];
  /** Tracer held in the bed at each frame, mM mm^3. */
  held: Float64Array;
  /** Plasma concentration leaving each venular terminal at every step, mM. */
  drainSeries: Float64Array[];
  /** Step at which each bed position's plasma concentration peaked (-1: never above 0). */
  peakStep: Int32Array;
}

export function runCapillaryBed(
  bed: BedTransportModel,
  feeds: BedFeed[],
  drains: BedDrain[],
  o: CapillaryRunOptions,
): CapillaryRun {
  const m = bed.order.length;
  const sweep = prepareBedSweep(bed, o.dt, o.theta);
  let state: BedState = { cp: new Float64Array(m), ce: new Float64Array(m) };
  let next: BedState = { cp: new Float64Array(m), ce: new Float64Array(m) };
  // The inflow at the end of one step is the next step's start: fill each once, then swap.
  let inOld = new Float64Array(m);
  let inNew = new Float64Array(m);
  const inflow = planInflow(feeds);
  fillInflow(inNew, inflow, 0);
  const outflow = planOutflow(drains);
  const drainSeries = drains.map(() => new Float64Array(o.steps + 1));
  const peak = new Float64Array(m);
  const peakStep = new Int32Array(m).fill(-1);
  const frames: Float64Array[] = [];
  const held = new Float64Array(o.frameSteps.length);
  let f = 0;
  for (let k = 0; ; k++) {
    for (; f < o.frameSteps.length && o.frameSteps[f] === k; f++) {
      held[f] = bedTracerAmount(bed, state);
      frames.push(tissueFrame(bed, state, o.gridCells, o.cellVolume));
    }
    if (k === o.steps) break;
    [inOld, inNew] = [inNew, inOld];
    fillInflow(inNew, inflow, k + 1);
    stepBed(sweep, state, next, inOld, inNew);
    [state, next] = [next, state];
    sampleDrains(state.cp, outflow, drainSeries, k + 1);
    trackPeaks(state.cp, peak, peakStep, k + 1);
    if (k % 200 === 0) o.onProgress?.(k / o.steps);
  }
  return { frames, held, drainSeries, peakStep };
}

/**
 * The arterioles' inflow terms flattened and sorted by bed position, for one sequential pass per step; a
 * position fed by several arterioles keeps their terms in feed order, the order they are summed in.
 */
interface InflowPlan {
  /** Distinct fed positions; the terms of pos[g] are ptr[g] .. ptr[g + 1]. */
  pos: Int32Array;
  ptr: Int32Array;
  /** Plasma inflow (mm^3/s) of each term and the feed whose concentration it carries. */
  q: Float64Array;
  feed: Int32Array;
  series: Float64Array[];
  /** Each feed's concentration at the current step, mM. */
  now: Float64Array;
}

function planInflow(feeds: BedFeed[]): InflowPlan {
  const terms = feeds.flatMap((f, i) => Array.from(f.pos, (pos, j) => ({ pos, q: f.q[j], feed: i })));
  terms.sort((a, b) => a.pos - b.pos); // stable: equal positions stay in feed order
  const pos = [...new Set(terms.map((t) => t.pos))];
  const ptr = new Int32Array(pos.length + 1);
  for (let e = 0, g = 0; e < terms.length; e++) {
    if (terms[e].pos !== pos[g]) g++;
    ptr[g + 1] = e + 1;
  }
  return {
    pos: Int32Array.from(pos),
    ptr,
    q: Float64Array.from(terms, (t) => t.q),
    feed: Int32Array.from(terms, (t) => t.feed),
    series: feeds.map((f) => f.c),
    now: new Float64Array(feeds.length),
  };
}

/** Source tracer inflow per bed position at step k, mM mm^3/s; positions no arteriole feeds stay 0. */
function fillInflow(into: Float64Array, plan: InflowPlan, k: number): void {
  const { pos, ptr, q, feed, series, now } = plan;
  for (let i = 0; i < series.length; i++) now[i] = series[i][k];
  for (let g = 0; g < pos.length; g++) {
    let v = 0;
    for (let e = ptr[g]; e < ptr[g + 1]; e++) v += q[e] * now[feed[e]];
    into[pos[g]] = v;
  }
}

/** The venules' positions and flow shares, flattened: drain i owns entries ptr[i] .. ptr[i + 1]. */
interface OutflowPlan {
  ptr: Int32Array;
  pos: Int32Array;
  share: Float64Array;
}

function planOutflow(drains: BedDrain[]): OutflowPlan {
  const ptr = new Int32Array(drains.length + 1);
  drains.forEach((d, i) => {
    ptr[i + 1] = ptr[i] + d.pos.length;
  });
  const pos = new Int32Array(ptr[drains.length]);
  const share = new Float64Array(ptr[drains.length]);
  drains.forEach((d, i) => {
    pos.set(d.pos, ptr[i]);
    share.set(d.share, ptr[i]);
  });
  return { ptr, pos, share };
}

/** Plasma concentration leaving each venule at step k: the flow-weighted mean over the cells it drains, mM. */
function sampleDrains(cp: Float64Array, plan: OutflowPlan, series: Float64Array[], k: number): void {
  const { ptr, pos, share } = plan;
  for (let i = 0; i < series.length; i++) {
    let c = 0;
    for (let e = ptr[i]; e < ptr[i + 1]; e++) c += share[e] * cp[pos[e]];
    series[i][k] = c;
  }
}

function trackPeaks(cp: Float64Array, peak: Float64Array, peakStep: Int32Array, k: number): void {
  for (let p = 0; p < cp.length; p++) {
    if (cp[p] > peak[p]) {
      peak[p] = cp[p];
      peakStep[p] = k;
    }
  }
}

function tissueFrame(bed: BedTransportModel, state: BedState, gridCells: number, cellVolume: number) {
  const frame = new Float64Array(gridCells);
  for (let p = 0; p < bed.order.length; p++)
    frame[bed.order[p]] = (bed.vpV[p] * state.cp[p] + bed.veV[p] * state.ce[p]) / cellVolume;
  return frame;
}
