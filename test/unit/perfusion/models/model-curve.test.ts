import { parkerPlasmaAif } from '../../../../perfusion/aif/parker-aif';
import { ConvolutionGrid } from '../../../../perfusion/models/exponential-convolution';
import { ModelScratch } from '../../../../perfusion/models/kinetic-model';
import { modelCurve, namedParameters } from '../../../../perfusion/models/model-curve';
import { kineticModel } from '../../../../perfusion/models/model-registry';

// AIF on a fine grid, tissue on a coarser grid that does not share its knots.
const ta = Float64Array.from({ length: 400 }, (_, i) => 0.5 * i);
const plasma = parkerPlasmaAif(ta, { onsetS: 10, hct: 0.42 });
const aif = { times: ta, plasma };
const t = Float64Array.from({ length: 50 }, (_, i) => 1.3 + 3.7 * i);
const twoCxm = { Fp: 0.01, PS: 0.002, vp: 0.05, ve: 0.2 };

function expectCode(code: string, call: () => unknown): void {
  expect(call).toThrow(expect.objectContaining({ code }));
}

describe('modelCurve (plain forward model)', () => {
  it.each([
    ['2cxm', [0.01, 0.002, 0.05, 0.2]],
    ['etm', [0.002, 0.25, 0.03]],
    ['tofts', [0.002, 0.25]],
    ['patlak', [0.0005, 0.04]],
    ['2cum', [0.01, 0.002, 0.05]],
  ])('%s equals the fitter path (grid, scratch, evaluate) bit for bit, with a delayed AIF', (name, p) => {
    const grid = new ConvolutionGrid();
    grid.set(t, ta, plasma, 2.7);
    const scratch = new ModelScratch();
    scratch.ensure(t.length);
    const expected = new Float64Array(t.length);
    kineticModel(name).evaluate(Float64Array.from(p), grid, scratch, expected, null, false);
    const curve = modelCurve(name, namedParameters(name, p), aif, t, { delayS: 2.7 });
    expect(Array.from(curve)).toEqual(Array.from(expected));
    expect(Math.max(...curve)).toBeGreaterThan(0.01);
  });

  it('gives the analytic Tofts and Patlak responses to a constant AIF', () => {
    // ca = c0 from t = 0: Tofts C = ve c0 (1 - e^{-kep t}), kep = Ktrans/ve; Patlak C = vp c0 + Ktrans c0 t.
    const constant = { times: new Float64Array([0, 100]), plasma: new Float64Array([2, 2]) };
    const times = Float64Array.from({ length: 20 }, (_, i) => 0.7 + 4.9 * i);
    const tofts = modelCurve('tofts', { Ktrans: 0.004, ve: 0.3 }, constant, times);
    const patlak = modelCurve('patlak', { Ktrans: 0.001, vp: 0.05 }, constant, times);
    times.forEach((ti, i) => {
      expect(tofts[i]).toBeCloseTo(0.3 * 2 * (1 - Math.exp((-0.004 / 0.3) * ti)), 13);
      expect(patlak[i]).toBeCloseTo(0.05 * 2 + 0.001 * 2 * ti, 13);
    });
  });

  it('takes parameters by name in any order and maps vectors to names in the model order', () => {
    const reordered = { ve: 0.2, vp: 0.05, PS: 0.002, Fp: 0.01 };
    expect(modelCurve('2cxm', reordered, aif, t)).toEqual(modelCurve('2cxm', twoCxm, aif, t));
    expect(namedParameters('etm', [0.002, 0.25, 0.03])).toEqual({ Ktrans: 0.002, ve: 0.25, vp: 0.03 });
    expectCode('LENGTH_MISMATCH', () => namedParameters('etm', [0.002, 0.25]));
  });

  it('refuses an unknown model and missing, extra, negative, zero-divisor or non-finite parameters', () => {
    expectCode('UNKNOWN_MODEL', () => modelCurve('aath', twoCxm, aif, t));
    const { ve: _ve, ...noVe } = twoCxm;
    expect(() => modelCurve('2cxm', noVe, aif, t)).toThrow(/needs parameter "ve"; give all of Fp \(1\/s\)/);
    expectCode('MISSING_PARAMETER', () => modelCurve('2cxm', noVe, aif, t));
    expectCode('UNKNOWN_PARAMETER', () => modelCurve('2cxm', { ...twoCxm, Ktrans: 0.001 }, aif, t));
    expectCode('UNKNOWN_PARAMETER', () => modelCurve('tofts', { Ktrans: 0.001, ve: 0.2, vp: 0.01 }, aif, t));
    expectCode('INVALID_PARAMETER', () => modelCurve('2cxm', { ...twoCxm, PS: -1e-4 }, aif, t));
    expectCode('INVALID_PARAMETER', () => modelCurve('2cxm', { ...twoCxm, vp: 0 }, aif, t));
    expectCode('NON_FINITE_VALUE', () => modelCurve('2cxm', { ...twoCxm, Fp: Number.NaN }, aif, t));
    // Zero is allowed where the model does not divide by the parameter.
    expect(modelCurve('2cxm', { ...twoCxm, PS: 0 }, aif, t).every(Number.isFinite)).toBe(true);
  });

  it('refuses bad sampling: length mismatch, too few samples, non-increasing or non-finite times', () => {
    expectCode('LENGTH_MISMATCH', () =>
      modelCurve('2cxm', twoCxm, { times: ta, plasma: plasma.subarray(1) }, t),
    );
    expectCode('CURVE_TOO_SHORT', () => modelCurve('2cxm', twoCxm, aif, new Float64Array(0)));
    const single = { times: new Float64Array([0]), plasma: new Float64Array([1]) };
    expectCode('CURVE_TOO_SHORT', () => modelCurve('2cxm', twoCxm, single, t));
    const swapped = Float64Array.from(t);
    [swapped[3], swapped[4]] = [swapped[4], swapped[3]];
    expect(() => modelCurve('2cxm', twoCxm, aif, swapped)).toThrow(/tissue times must increase strictly/);
    const repeated = Float64Array.from(ta);
    repeated[7] = repeated[6];
    expect(() => modelCurve('2cxm', twoCxm, { times: repeated, plasma }, t)).toThrow(
      expect.objectContaining({ code: 'TIMES_NOT_INCREASING', message: expect.stringMatching(/AIF times/) }),
    );
    const gap = Float64Array.from(plasma);
    gap[5] = Number.NaN;
    expectCode('NON_FINITE_VALUE', () => modelCurve('2cxm', twoCxm, { times: ta, plasma: gap }, t));
    expectCode('NON_FINITE_VALUE', () => modelCurve('2cxm', twoCxm, aif, t, { delayS: Number.NaN }));
  });
});
