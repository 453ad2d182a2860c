import { createSeededRandom } from '../../../../perfusion/random/seeded-random';
import { prepareBedSweep, stepBed } from '../../../../perfusion/simulate/capillary-sweep';
import {
  type BedState,
  type BedTransportModel,
  buildBedTransport,
} from '../../../../perfusion/simulate/capillary-transport';
import { solveDarcy } from '../../../../perfusion/simulate/darcy-bed';

/**
 * The theta-scheme step written directly (Sourbron & Buckley 2013 per cell, upwind faces, 2x2 solve), every
 * coefficient computed where it is used: the definition the prepared sweep must reproduce bit for bit.
 */
function directStep(
  model: BedTransportModel,
  state: BedState,
  next: BedState,
  inflowOld: Float64Array,
  inflowNew: Float64Array,
  dt: number,
  theta: number,
): number {
  const { inPtr, inFrom, inFlow, outFlow, vpV, veV, psV, sinkFlow } = model;
  const { cp, ce } = state;
  const w0 = 1 - theta;
  let drained = 0;
  for (let p = 0; p < cp.length; p++) {
    let inflow = w0 * inflowOld[p] + theta * inflowNew[p];
    for (let k = inPtr[p]; k < inPtr[p + 1]; k++)
      inflow += inFlow[k] * (w0 * cp[inFrom[k]] + theta * next.cp[inFrom[k]]);
    const a = vpV[p] / dt + theta * (outFlow[p] + psV[p]);
    const exch = psV[p] * (cp[p] - ce[p]);
    const r1 = (vpV[p] / dt) * cp[p] - w0 * (outFlow[p] * cp[p] + exch) + inflow;
    if (veV[p] === 0) {
      next.cp[p] = r1 / a;
      next.ce[p] = 0;
    } else {
      const b = -theta * psV[p];
      const d = veV[p] / dt + theta * psV[p];
      const r2 = (veV[p] / dt) * ce[p] + w0 * exch;
      const det = a * d - b * b;
      next.cp[p] = (r1 * d - b * r2) / det;
      next.ce[p] = (a * r2 - b * r1) / det;
    }
    drained += dt * sinkFlow[p] * (w0 * cp[p] + theta * next.cp[p]);
  }
  return drained;
}

/** A random 3D bed: lognormal permeability, scattered arterioles and venules, some cells without EES. */
function randomBed(): BedTransportModel {
  const grid = { nx: 12, ny: 10, nz: 6, h: 0.8 };
  const n = grid.nx * grid.ny * grid.nz;
  const rng = createSeededRandom(21);
  const permeability = Float64Array.from({ length: n }, () => Math.exp(2 * rng.next() - 1));
  const source = new Float64Array(n);
  const sinkCount = new Float64Array(n);
  for (let k = 0; k < 20; k++) {
    source[rng.nextInt(n)] += 0.05 + 0.2 * rng.next();
    sinkCount[rng.nextInt(n)] += 1;
  }
  const field = solveDarcy({ grid, permeability, source, sinkCount, pressureDropPa: 2000 });
  const vp = Float64Array.from({ length: n }, () => 0.01 + 0.09 * rng.next());
  const ve = Float64Array.from({ length: n }, () => (rng.next() < 0.1 ? 0 : 0.05 + 0.4 * rng.next()));
  const ps = ve.map((v) => (v === 0 ? 0 : (0.001 + 0.02 * rng.next()) * (rng.next() < 0.2 ? 50 : 1)));
  return buildBedTransport(field, vp, ve, ps);
}

describe('prepared capillary sweep', () => {
  const model = randomBed();
  const m = model.order.length;

  it('the test bed exercises every layout case: 0 to 6 upstream faces and cells without EES', () => {
    const faces = new Set(Array.from({ length: m }, (_, p) => model.inPtr[p + 1] - model.inPtr[p]));
    expect(Math.min(...faces)).toBe(0);
    expect(Math.max(...faces)).toBeGreaterThanOrEqual(5);
    expect(model.veV.some((v) => v === 0)).toBe(true);
  });

  it.each([
    [0.5, 0.1],
    [1, 0.4],
    [0, 0.002],
    [0.7, 0.25],
  ])('theta %p, dt %p s: new states and drained tracer equal the direct step bit for bit', (theta, dt) => {
    const sweep = prepareBedSweep(model, dt, theta);
    const fresh = (): BedState => ({ cp: new Float64Array(m), ce: new Float64Array(m) });
    let [fast, fastNext, direct, directNext] = [fresh(), fresh(), fresh(), fresh()];
    const inlet = (k: number) => model.sourceFlow.map((q) => q * Math.exp(-(((k * dt - 2) / 1.5) ** 2)) * 7);
    for (let k = 0; k < 60; k++) {
      const [a, b] = [inlet(k), inlet(k + 1)];
      const drainedFast = stepBed(sweep, fast, fastNext, a, b);
      const drainedDirect = directStep(model, direct, directNext, a, b, dt, theta);
      expect(Object.is(drainedFast, drainedDirect)).toBe(true);
      expect(Buffer.from(fastNext.cp.buffer).equals(Buffer.from(directNext.cp.buffer))).toBe(true);
      expect(Buffer.from(fastNext.ce.buffer).equals(Buffer.from(directNext.ce.buffer))).toBe(true);
      [fast, fastNext, direct, directNext] = [fastNext, fast, directNext, direct];
    }
    expect(Math.max(...fast.cp)).toBeGreaterThan(0.1);
    expect(Math.max(...fast.ce)).toBeGreaterThan(0);
  });
});
