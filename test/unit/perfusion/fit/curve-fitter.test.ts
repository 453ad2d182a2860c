import { parkerPlasmaAif } from '../../../../perfusion/aif/parker-aif';
import { CurveFitter } from '../../../../perfusion/fit/curve-fitter';
import { modelCurve, namedParameters } from '../../../../perfusion/models/model-curve';
import { KINETIC_MODELS, kineticModel } from '../../../../perfusion/models/model-registry';
import { createSeededRandom } from '../../../../perfusion/random/seeded-random';
import { mlPer100mlPerMinToPerSecond, perMinToPerSecond } from '../../../../perfusion/units';
import {
  extendedToftsCurves,
  OSIPI_TOLERANCE,
  twoCxmCurves,
  withinTolerance,
} from '../../../fixtures/osipi/osipi-curves';

/** Tissue curve of `model` on `t` for AIF (`ta`, `ca`), delayed by `delay` s, plus Gaussian noise of SD `sigma` mM. */
function simulate(
  name: string,
  p: number[],
  t: Float64Array,
  ta: Float64Array,
  ca: Float64Array,
  delay = 0,
  sigma = 0,
  seed = 1,
): Float64Array {
  const out = modelCurve(name, namedParameters(name, p), { times: ta, plasma: ca }, t, { delayS: delay });
  const rng = createSeededRandom(seed);
  for (let i = 0; i < out.length && sigma > 0; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rng.next()));
    const a = 2 * Math.PI * rng.next();
    out[i] += sigma * r * Math.cos(a);
    if (i + 1 < out.length) out[i + 1] += sigma * r * Math.sin(a);
  }
  return out;
}

/** OSIPI-unit estimates of a fit, keyed by OSIPI name. */
function osipiValues(name: string, params: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  kineticModel(name).parameters.forEach((s, j) => {
    out[s.osipiName] = params[j] * s.toOsipi;
  });
  return out;
}

function expectWithinOsipi(estimates: Record<string, number>, reference: Record<string, number>): void {
  for (const [key, value] of Object.entries(estimates)) {
    const tol = OSIPI_TOLERANCE[key];
    expect({ key, value, ok: withinTolerance(value, reference[key], tol.atol, tol.rtol) }).toEqual({
      key,
      value,
      ok: true,
    });
  }
}

describe('CurveFitter', () => {
  it('fits all 24 OSIPI 2CXM curves within OSIPI tolerance without flags', () => {
    const fitter = new CurveFitter(KINETIC_MODELS['2cxm']);
    for (const c of twoCxmCurves()) {
      const fit = fitter.fit(c.t, c.ct, c.ta, c.ca);
      expectWithinOsipi(osipiValues('2cxm', fit.params), c.reference);
      expect(fit.rmse).toBeLessThan(0.0011);
      expect(fit.flags).toEqual([]);
    }
  });

  it('gives each curve the same fit whatever it fitted before, reusing a shared sampling only while it holds', () => {
    const curves = twoCxmCurves();
    const fresh = (c: (typeof curves)[number], fitDelay = false) =>
      new CurveFitter(KINETIC_MODELS['2cxm']).fit(c.t, c.ct, c.ta, c.ca, { fitDelay });
    const fitter = new CurveFitter(KINETIC_MODELS['2cxm']);
    const c = curves[5];
    // Same sampling as before; then a new AIF on the same times; then the delay path; then a changed value in place.
    const halfAif = Float64Array.from(c.ca, (v) => v / 2);
    const sequence: Array<[Float64Array, boolean]> = [
      [c.ca, false],
      [halfAif, false],
      [c.ca, true],
      [c.ca, false],
    ];
    fitter.fit(curves[0].t, curves[0].ct, curves[0].ta, curves[0].ca);
    for (const [ca, fitDelay] of sequence) {
      const expected = new CurveFitter(KINETIC_MODELS['2cxm']).fit(c.t, c.ct, c.ta, ca, { fitDelay });
      const fit = fitter.fit(c.t, c.ct, c.ta, ca, { fitDelay });
      expect(Array.from(fit.params)).toEqual(Array.from(expected.params));
      expect(fit.rmse).toBe(expected.rmse);
    }
    expect(fresh(c).params[0]).not.toBe(fitter.fit(c.t, c.ct, c.ta, halfAif).params[0]);
    const edited = Float64Array.from(c.ca);
    fitter.fit(c.t, c.ct, c.ta, edited);
    edited[40] = Number.NaN; // the same array, changed in place: checked again
    expect(() => fitter.fit(c.t, c.ct, c.ta, edited)).toThrow(
      expect.objectContaining({ code: 'NON_FINITE_VALUE' }),
    );
    const badTissue = Float64Array.from(c.ct, (v, i) => (i === 3 ? Number.NaN : v));
    expect(() => fitter.fit(c.t, badTissue, c.ta, c.ca)).toThrow(
      expect.objectContaining({ code: 'NON_FINITE_VALUE' }),
    );
    expect(() => fitter.fit(c.t, c.ct.subarray(1), c.ta, c.ca)).toThrow(
      expect.objectContaining({ code: 'LENGTH_MISMATCH' }),
    );
  });

  it('fits all 15 OSIPI extended-Tofts DRO curves within OSIPI tolerance', () => {
    const fitter = new CurveFitter(KINETIC_MODELS.etm);
    for (const c of extendedToftsCurves())
      expectWithinOsipi(osipiValues('etm', fitter.fit(c.t, c.ct, c.ta, c.ca).params), c.reference);
  });

  it("fits OSIPI's delayed extended-Tofts case (tissue shifted 5 samples) with delay fitting", () => {
    const c = extendedToftsCurves()[0];
    const shifted = new Float64Array(c.ct.length);
    shifted.set(c.ct.subarray(0, c.ct.length - 5), 5);
    const fit = new CurveFitter(KINETIC_MODELS.etm).fit(c.t, shifted, c.ta, c.ca, { fitDelay: true });
    expectWithinOsipi({ ...osipiValues('etm', fit.params), delay: fit.delayS }, { ...c.reference, delay: 5 });
  });

  it('recovers a delayed 2CXM curve (delay 4.3 s, off-grid) with delay fitting', () => {
    const c = twoCxmCurves()[9];
    const p = [
      mlPer100mlPerMinToPerSecond(c.reference.fp),
      perMinToPerSecond(c.reference.ps),
      c.reference.vp,
      c.reference.ve,
    ];
    const ct = simulate('2cxm', p, c.t, c.ta, c.ca, 4.3, 0.001);
    const fit = new CurveFitter(KINETIC_MODELS['2cxm']).fit(c.t, ct, c.ta, c.ca, { fitDelay: true });
    expectWithinOsipi(
      { ...osipiValues('2cxm', fit.params), delay: fit.delayS },
      { ...c.reference, delay: 4.3 },
    );
    expect(Math.abs(fit.delayS - 4.3)).toBeLessThan(0.2);
  });

  it('fits with the AIF on a coarser grid (2 s) than the tissue (0.5 s)', () => {
    const t = Float64Array.from({ length: 600 }, (_, i) => 0.25 + 0.5 * i);
    const fine = Float64Array.from({ length: 6001 }, (_, i) => 0.05 * i);
    const ta = Float64Array.from({ length: 151 }, (_, i) => 2 * i);
    const ref = { fp: 30, ps: 0.1, vp: 0.05, ve: 0.2 };
    const p = [mlPer100mlPerMinToPerSecond(ref.fp), perMinToPerSecond(ref.ps), ref.vp, ref.ve];
    // Truth uses the AIF at 0.05 s; the fit only sees it every 2 s (the upslope is poorly sampled).
    const ct = simulate('2cxm', p, t, fine, parkerPlasmaAif(fine, { onsetS: 10 }), 0, 0.001);
    const fit = new CurveFitter(KINETIC_MODELS['2cxm']).fit(t, ct, ta, parkerPlasmaAif(ta, { onsetS: 10 }));
    expectWithinOsipi(osipiValues('2cxm', fit.params), ref);
  });

  const t = Float64Array.from({ length: 300 }, (_, i) => i + 0.5);
  const ca = parkerPlasmaAif(t, { onsetS: 10 });
  it.each<[string, number[]]>([
    ['tofts', [perMinToPerSecond(0.12), 0.3]],
    ['patlak', [perMinToPerSecond(0.02), 0.04]],
    ['2cum', [mlPer100mlPerMinToPerSecond(30), perMinToPerSecond(0.1), 0.05]],
    ['etm', [perMinToPerSecond(0.1), 0.25, 0.03]],
  ])('recovers %s parameters %p from noise-free data', (name, p) => {
    const fit = new CurveFitter(kineticModel(name)).fit(t, simulate(name, p, t, t, ca), t, ca);
    p.forEach((v, j) => {
      expect(fit.params[j]).toBeCloseTo(v, 6 - Math.round(Math.log10(Math.abs(v)) + 1));
    });
    expect(fit.rmse).toBeLessThan(1e-6);
  });

  it('flags a parameter at its bound and near-equal 2CXM roots', () => {
    // Tissue with no vascular term pushes ETM's vp to its lower bound.
    const tofts = simulate('tofts', [perMinToPerSecond(0.1), 0.2], t, t, ca);
    expect(new CurveFitter(KINETIC_MODELS.etm).fit(t, tofts, t, ca).flags).toContain('vp_at_lower_bound');
    // Extended-Tofts tissue is the 2CXM with infinite flow: the 2CXM fit runs Fp into its upper bound.
    const etm = simulate('etm', [perMinToPerSecond(0.1), 0.25, 0.05], t, t, ca);
    expect(new CurveFitter(KINETIC_MODELS['2cxm']).fit(t, etm, t, ca).flags).toContain('fp_at_upper_bound');
    // Fp/vp = PS/ve with PS << Fp makes s+ ~ s- (gap 1%): flow and exchange no longer separate.
    expect(KINETIC_MODELS['2cxm'].warnings(Float64Array.from([0.01, 4e-6, 0.1, 4e-5]))).toEqual([
      'roots_near_equal',
    ]);
    expect(KINETIC_MODELS['2cxm'].warnings(Float64Array.from([0.01, 4e-4, 0.1, 4e-3]))).toEqual([]);
  });

  describe('rejects bad curves with a specific code', () => {
    const fitter = new CurveFitter(KINETIC_MODELS['2cxm']);
    const ct = simulate('2cxm', [0.005, 0.001, 0.05, 0.2], t, t, ca);
    const withNaN = Float64Array.from(ct);
    withNaN[17] = Number.NaN;
    const withInf = Float64Array.from(ca);
    withInf[3] = Number.POSITIVE_INFINITY;
    const unsorted = Float64Array.from(t);
    unsorted[10] = unsorted[9];
    it.each<[string, () => unknown]>([
      ['NON_FINITE_VALUE', () => fitter.fit(t, withNaN, t, ca)],
      ['NON_FINITE_VALUE', () => fitter.fit(t, ct, t, withInf)],
      ['TIMES_NOT_INCREASING', () => fitter.fit(unsorted, ct, t, ca)],
      ['TIMES_NOT_INCREASING', () => fitter.fit(t, ct, unsorted, ca)],
      ['LENGTH_MISMATCH', () => fitter.fit(t, ct.subarray(1), t, ca)],
      ['LENGTH_MISMATCH', () => fitter.fit(t, ct, t, ca.subarray(1))],
      ['AIF_ALL_ZERO', () => fitter.fit(t, ct, t, new Float64Array(t.length))],
      ['CURVE_TOO_SHORT', () => fitter.fit(t.subarray(0, 4), ct.subarray(0, 4), t, ca)],
    ])('%s', (code, call) => {
      expect(call).toThrow(expect.objectContaining({ code }));
    });
    it('names the curve and the sample in the message', () => {
      expect(() => fitter.fit(t, withNaN, t, ca, { where: 'case "x"' })).toThrow(
        'case "x": tissue concentration 18 is NaN',
      );
    });
  });
});
