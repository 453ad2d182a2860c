import {
  decodeParameter,
  encodeParameter,
  ktransFromFlowAndPermeability,
  PARAMETER_SCALES,
  QTM_PARAMETERS,
} from '../../../../perfusion/qtmnet/parameter-scales';
import { normalisePatch } from '../../../../perfusion/qtmnet/patch-layout';

describe('parameter scales', () => {
  it.each(QTM_PARAMETERS)('%s: prior ends map to -1 and +1 and decode back', (name) => {
    const { low, high } = PARAMETER_SCALES[name];
    expect(encodeParameter(name, low)).toBeCloseTo(-1, 12);
    expect(encodeParameter(name, high)).toBeCloseTo(1, 12);
    const mid = Math.sqrt(low * high);
    expect(decodeParameter(name, encodeParameter(name, mid))).toBeCloseTo(mid, 12);
  });

  it('clamps zero (e.g. PS of intact brain) to the floor instead of -Infinity', () => {
    expect(encodeParameter('ps', 0)).toBe(encodeParameter('ps', PARAMETER_SCALES.ps.floor));
  });

  it('Ktrans = E Fp = PS Fp / (Fp + PS)', () => {
    // docs/science.md 4.1 example: fp 30 mL/100 mL/min (0.3 /min), ps 0.1 /min -> E 0.25, Ktrans 0.075 /min.
    expect(ktransFromFlowAndPermeability(0.3 / 60, 0.1 / 60) * 60).toBeCloseTo(0.075, 12);
    expect(ktransFromFlowAndPermeability(0, 0)).toBe(0);
  });
});

describe('normalisePatch', () => {
  it('divides by the largest |C| and appends ln(scale) as the last channel', () => {
    const shape = { frames: 2, side: 1 };
    const out = new Float32Array(4);
    expect(normalisePatch(shape, Float32Array.from([0.5, -2]), out)).toBe(2);
    expect(Array.from(out)).toEqual([0.25, Math.fround(Math.log(2)), -1, Math.fround(Math.log(2))]);
    expect(normalisePatch(shape, new Float32Array(2), out)).toBe(1e-4);
  });
});
