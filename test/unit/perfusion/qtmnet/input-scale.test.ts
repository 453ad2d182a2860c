import {
  scaledConcentration,
  subjectInputFactor,
  VENOUS_OUTPUT_REFERENCE_AREA_MM_S,
  venousOutputFactor,
} from '../../../../perfusion/qtmnet/input-scale';

const times = Float64Array.from({ length: 13 }, (_, i) => 5 * i);
/** A triangle rising from 0 at 10 s to 8 mM at 20 s and back to 0 at 40 s, then 0: area 0.5 x 30 x 8 = 120 mM s. */
const triangle = Float64Array.from(times, (t) =>
  t <= 10 ? 0 : t <= 20 ? 0.8 * (t - 10) : t <= 40 ? 8 - 0.4 * (t - 20) : 0,
);

describe('QTMnet subject input scale (venous output area)', () => {
  it('divides by the venous output area over the reference area', () => {
    expect(venousOutputFactor({ tS: times, c: triangle }, 's')).toBeCloseTo(
      120 / VENOUS_OUTPUT_REFERENCE_AREA_MM_S,
      12,
    );
  });

  it('makes the input independent of the amount of tracer: k x tissue with k x venous output scales alike', () => {
    const tissue = Float32Array.from({ length: 26 }, (_, i) => 0.01 * i * Math.exp(-i / 9));
    for (const k of [0.4, 1.7, 3]) {
      const factor = subjectInputFactor(
        'venous-output-area',
        { tS: times, c: triangle.map((c) => k * c) },
        's',
      );
      const more = scaledConcentration(
        tissue.map((c) => k * c),
        factor,
      );
      const base = scaledConcentration(
        tissue,
        subjectInputFactor('venous-output-area', { tS: times, c: triangle }, 's'),
      );
      for (const [i, c] of more.entries()) expect(c).toBeCloseTo(base[i], 6);
      expect(more[10]).toBeCloseTo(tissue[10] / (120 / VENOUS_OUTPUT_REFERENCE_AREA_MM_S), 6);
    }
  });

  it('is the identity for a model without an input scale, venous output or not', () => {
    expect(subjectInputFactor(undefined, undefined, 's')).toBe(1);
    expect(subjectInputFactor(undefined, { tS: times, c: triangle }, 's')).toBe(1);
  });

  it('requires a venous output for a model trained with the scale, naming the subject', () => {
    expect(() => subjectInputFactor('venous-output-area', undefined, 'subject folder /x/s01')).toThrow(
      expect.objectContaining({ code: 'VENOUS_OUTPUT_REQUIRED', message: expect.stringContaining('/x/s01') }),
    );
  });

  it.each([
    ['no enhancement', { tS: times, c: new Float64Array(13) }, /area is 0/],
    ['a negative area', { tS: times, c: triangle.map((c) => -c) }, /area is -/],
    [
      'times that do not increase',
      { tS: Float64Array.from([0, 5, 5, 10]), c: Float64Array.from([0, 1, 2, 1]) },
      /increase strictly/,
    ],
    ['fewer values than times', { tS: times, c: triangle.subarray(0, 12) }, /as many times as values/],
    ['a single sample', { tS: [0], c: [1] }, /at least 2 samples/],
  ])('refuses a venous output with %s', (_, vof, message) => {
    expect(() => venousOutputFactor(vof, 'subject s02')).toThrow(
      expect.objectContaining({ code: 'INVALID_VENOUS_OUTPUT', message: expect.stringMatching(message) }),
    );
  });

  it('returns a new array and leaves the input untouched', () => {
    const c = Float32Array.from([1, 2, 4]);
    const out = scaledConcentration(c, 2);
    expect(Array.from(out)).toEqual([0.5, 1, 2]);
    expect(Array.from(c)).toEqual([1, 2, 4]);
  });
});
