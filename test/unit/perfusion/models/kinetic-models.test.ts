import { parkerPlasmaAif } from '../../../../perfusion/aif/parker-aif';
import { ConvolutionGrid } from '../../../../perfusion/models/exponential-convolution';
import { ModelScratch } from '../../../../perfusion/models/kinetic-model';
import { modelCurve, namedParameters } from '../../../../perfusion/models/model-curve';
import { KINETIC_MODELS, kineticModel } from '../../../../perfusion/models/model-registry';
import { exchangeRoots } from '../../../../perfusion/models/two-compartment-exchange';
import { mlPer100mlPerMinToPerSecond, perMinToPerSecond } from '../../../../perfusion/units';
import { twoCxmCurves } from '../../../fixtures/osipi/osipi-curves';

const t = Float64Array.from({ length: 300 }, (_, i) => 0.5 + i);
const ca = parkerPlasmaAif(t, { onsetS: 10, hct: 0.42 });

function simulate(name: string, p: number[], delay = 0): Float64Array {
  return modelCurve(name, namedParameters(name, p), { times: t, plasma: ca }, t, { delayS: delay });
}

function maxAbs(a: Float64Array): number {
  return a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

describe('tissue models', () => {
  it('2CXM reproduces the 24 OSIPI curves to the stated noise (RMS residual ~0.001 mM)', () => {
    for (const c of twoCxmCurves()) {
      const p = {
        Fp: mlPer100mlPerMinToPerSecond(c.reference.fp),
        PS: perMinToPerSecond(c.reference.ps),
        vp: c.reference.vp,
        ve: c.reference.ve,
      };
      const out = modelCurve('2cxm', p, { times: c.ta, plasma: c.ca }, c.t);
      const rms = Math.sqrt(out.reduce((s, v, i) => s + (v - c.ct[i]) ** 2, 0) / out.length);
      expect(rms).toBeGreaterThan(0.0008);
      expect(rms).toBeLessThan(0.0012);
    }
  });

  it('2CXM tends to extended Tofts (Ktrans = PS) when Fp >> PS', () => {
    // The gap is ~ vp Tc ca' (capillary transit lag on the steep bolus upslope), so Fp must be very large.
    const ps = perMinToPerSecond(0.05);
    const cx = simulate('2cxm', [mlPer100mlPerMinToPerSecond(1e6), ps, 0.05, 0.2]);
    const etm = simulate('etm', [ps, 0.2, 0.05]);
    expect(maxDiff(cx, etm)).toBeLessThan(1e-4 * maxAbs(etm));
  });

  it('2CXM tends to the 2CUM as ve -> infinity', () => {
    const p = [mlPer100mlPerMinToPerSecond(40), perMinToPerSecond(0.1), 0.05];
    const cx = simulate('2cxm', [...p, 1e6]);
    const cu = simulate('2cum', p);
    expect(maxDiff(cx, cu)).toBeLessThan(1e-6 * maxAbs(cu));
  });

  it('2CXM tends to Patlak (Ktrans = PS) when ve -> infinity and Fp >> PS', () => {
    const ps = perMinToPerSecond(0.05);
    const cx = simulate('2cxm', [mlPer100mlPerMinToPerSecond(1e6), ps, 0.05, 1e6]);
    const pat = simulate('patlak', [ps, 0.05]);
    expect(maxDiff(cx, pat)).toBeLessThan(1e-4 * maxAbs(pat));
  });

  it('Tofts is the extended Tofts model with vp = 0, and a PS of 0 leaves only the vascular term in the 2CXM', () => {
    expect(maxDiff(simulate('tofts', [0.002, 0.3]), simulate('etm', [0.002, 0.3, 0]))).toBe(0);
    const vascular = simulate('2cxm', [0.01, 0, 0.05, 0.2]);
    const plug = simulate('2cum', [0.01, 0, 0.05]);
    expect(maxDiff(vascular, plug)).toBeLessThan(1e-12);
  });

  it('a delayed AIF delays the tissue curve', () => {
    const p = [mlPer100mlPerMinToPerSecond(30), perMinToPerSecond(0.1), 0.05, 0.2];
    const base = simulate('2cxm', p);
    const late = simulate('2cxm', p, 3);
    for (let i = 3; i < t.length; i++) expect(late[i]).toBeCloseTo(base[i - 3], 12);
  });

  const cases: Array<[string, number[]]> = [
    ['2cxm', [mlPer100mlPerMinToPerSecond(30), perMinToPerSecond(0.1), 0.05, 0.2]],
    ['2cxm', [mlPer100mlPerMinToPerSecond(5), perMinToPerSecond(0.15), 0.1, 0.1]],
    ['etm', [perMinToPerSecond(0.1), 0.25, 0.03]],
    ['tofts', [perMinToPerSecond(0.1), 0.25]],
    ['patlak', [perMinToPerSecond(0.02), 0.04]],
    ['2cum', [mlPer100mlPerMinToPerSecond(30), perMinToPerSecond(0.1), 0.05]],
  ];

  it.each(cases)(
    '%s analytic Jacobian (with delay column) matches central finite differences at %p',
    (name, p0) => {
      const model = kineticModel(name);
      const n = t.length;
      const np = p0.length;
      const grid = new ConvolutionGrid();
      const scratch = new ModelScratch();
      scratch.ensure(n);
      const delay = 1.3; // off-grid, so the delay derivative is smooth here
      grid.set(t, t, ca, delay);
      const jac = new Float64Array(n * (np + 1));
      const out = new Float64Array(n);
      model.evaluate(Float64Array.from(p0), grid, scratch, out, jac, true);
      const plus = new Float64Array(n);
      const minus = new Float64Array(n);
      for (let j = 0; j <= np; j++) {
        const h = j < np ? 1e-6 * Math.abs(p0[j]) : 1e-4;
        const pp = Float64Array.from(p0);
        const pm = Float64Array.from(p0);
        let [dp, dm] = [delay, delay];
        if (j < np) {
          pp[j] += h;
          pm[j] -= h;
        } else [dp, dm] = [delay + h, delay - h];
        grid.set(t, t, ca, dp);
        model.evaluate(pp, grid, scratch, plus, null, false);
        grid.set(t, t, ca, dm);
        model.evaluate(pm, grid, scratch, minus, null, false);
        let scale = 0;
        let worst = 0;
        for (let i = 0; i < n; i++) {
          const fd = (plus[i] - minus[i]) / (2 * h);
          scale = Math.max(scale, Math.abs(fd));
          worst = Math.max(worst, Math.abs(fd - jac[j * n + i]));
        }
        expect(worst).toBeLessThan(1e-5 * scale);
      }
    },
  );

  it('2CXM roots: s+ s- = Fp PS/(vp ve), A + B = Fp; the docs/science.md 4.1 example has 1/s+ = 7.4 s, 1/s- = 162.6 s', () => {
    const r = exchangeRoots(mlPer100mlPerMinToPerSecond(30), perMinToPerSecond(0.1), 0.05, 0.2);
    expect(1 / r.sPlus).toBeCloseTo(7.4, 1);
    expect(1 / r.sMinus).toBeCloseTo(162.6, 1);
    expect(r.a + r.b).toBeCloseTo(mlPer100mlPerMinToPerSecond(30), 15);
    expect(KINETIC_MODELS['2cxm'].warnings(Float64Array.from([0.005, 0.00083, 0.05, 0.2]))).toEqual([]);
  });

  it('rejects an unknown model name', () => {
    expect(() => kineticModel('aath')).toThrow(expect.objectContaining({ code: 'UNKNOWN_MODEL' }));
  });
});
