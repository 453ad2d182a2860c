import { bedTracerAmount, explicitStepLimitS } from '../../../../perfusion/simulate/capillary-transport';
import { parkerAt as aif, analytic2cxm, channel, runBed } from './bed-fixtures';

describe('capillary-bed transport', () => {
  it.each([
    [30 / 6000, 0.1 / 60, 0.05, 0.2],
    [120 / 6000, 15 / 60, 0.08, 0.4],
    [15 / 6000, 0.01 / 60, 0.02, 0.2],
  ])(
    'a well-mixed voxel fed by the AIF reproduces the analytic 2CXM within 1%% of peak (Fp %p /s)',
    (fp, ps, vp, ve) => {
      const h = 1;
      const model = channel(1, h, fp * h ** 3, vp, ve, ps);
      const dt = 0.1;
      const { states } = runBed(model, aif, dt, 3000, 0.5);
      const ref = analytic2cxm(fp, ps, vp, ve, 300);
      let peak = 0;
      let worst = 0;
      for (let s = 0; s <= 3000; s += 10) {
        const c = vp * states[s].cp[0] + ve * states[s].ce[0];
        peak = Math.max(peak, ref(s * dt));
        worst = Math.max(worst, Math.abs(c - ref(s * dt)));
      }
      expect(worst / peak).toBeLessThan(0.01);
    },
  );

  it('conserves tracer: injected = in bed + drained, to rounding, with exchange', () => {
    const model = channel(20, 10, 2, 0.04, 0.3, 0.2 / 60);
    const { states, drained, injected } = runBed(model, aif, 0.2, 1000, 0.5);
    for (let s = 0; s < states.length; s += 50) {
      const held = bedTracerAmount(model, states[s]);
      expect(Math.abs(injected[s] - held - drained[s])).toBeLessThan(1e-12 * Math.max(1, injected[s]));
    }
  });

  it('the explicit scheme is stable below its step limit (and the limit is the plasma transit time per cell)', () => {
    const model = channel(10, 10, 1, 0.05);
    expect(explicitStepLimitS(model)).toBeCloseTo(0.05 / 1, 10);
    const { states } = runBed(model, aif, 0.04, 2000, 0);
    expect(Math.max(...states[2000].cp.map(Math.abs))).toBeLessThan(20);
    const unstable = runBed(model, aif, 0.12, 700, 0);
    expect(Math.max(...unstable.states[700].cp.map(Math.abs))).toBeGreaterThan(1e3);
  });

  const gaussian = (t: number) => Math.exp(-(((t - 20) / 4) ** 2));
  /** Outflow concentration error of a PS = 0 channel vs pure advection (outflow = inflow delayed by vp L / q). */
  function channelError(cells: number, dt: number, reference: (t: number) => number, theta = 0.5): number {
    const model = channel(cells, 10, 2, 0.05);
    const { states } = runBed(model, gaussian, dt, Math.round(60 / dt), theta);
    let worst = 0;
    for (let s = 0; s < states.length; s++)
      worst = Math.max(worst, Math.abs(states[s].cp[cells - 1] - reference(s * dt)));
    return worst;
  }

  it('upwind error shrinks at first order under grid refinement', () => {
    const transit = (0.05 * 10) / 2; // vp L / q
    const exact = (t: number) => gaussian(t - transit);
    const errors = [20, 40, 80, 160].map((n) => channelError(n, 0.005, exact));
    for (let k = 1; k < errors.length; k++) expect(errors[k - 1] / errors[k]).toBeGreaterThan(1.7);
    for (let k = 1; k < errors.length; k++) expect(errors[k - 1] / errors[k]).toBeLessThan(2.3);
  });

  it('Crank-Nicolson error shrinks at second order and backward Euler at first order under time refinement', () => {
    const model = channel(20, 10, 2, 0.05);
    const fine = runBed(model, gaussian, 0.005, 12000, 0.5).states;
    const ref = (t: number) => fine[Math.round(t / 0.005)].cp[19];
    const cn = [0.4, 0.2, 0.1].map((dt) => channelError(20, dt, ref, 0.5));
    const be = [0.4, 0.2, 0.1].map((dt) => channelError(20, dt, ref, 1));
    expect(cn[0] / cn[1]).toBeGreaterThan(3.4);
    expect(cn[1] / cn[2]).toBeGreaterThan(3.4);
    expect(be[1] / be[2]).toBeGreaterThan(1.7);
    expect(be[1] / be[2]).toBeLessThan(2.3);
  });
});
