import { parkerPlasmaAif } from '../../../../perfusion/aif/parker-aif';
import { resampleLinear } from '../../../../perfusion/aif/resample';
import { curveAreaMmS, scaleToVenousOutput } from '../../../../perfusion/aif/venous-output-scaling';

const frames = Float64Array.from({ length: 60 }, (_, i) => 5 * i);

describe('curveAreaMmS', () => {
  it('integrates a piecewise-linear curve exactly, also between samples', () => {
    // c = 2t on irregular samples: the area from a to b is b^2 - a^2.
    const tS = [0, 1, 2.5, 4, 7, 10];
    const curve = { tS, c: tS.map((t) => 2 * t) };
    expect(curveAreaMmS(curve, 0, 10)).toBeCloseTo(100, 12);
    expect(curveAreaMmS(curve, 1.5, 7.25)).toBeCloseTo(7.25 ** 2 - 1.5 ** 2, 12);
    expect(curveAreaMmS(curve, 2.5, 4)).toBeCloseTo(16 - 6.25, 12);
    // A triangle of height 3 over [0, 4]: area 6.
    expect(curveAreaMmS({ tS: [0, 1, 4], c: [0, 3, 0] }, 0, 4)).toBeCloseTo(6, 12);
  });
});

describe('scaleToVenousOutput', () => {
  const truth = parkerPlasmaAif(frames, { onsetS: 12, hct: 0.42 });

  it('restores the true AIF exactly when the artery holds k times it and the venous output has its area', () => {
    const k = 0.23;
    const artery = { tS: frames, c: truth.map((v) => k * v) };
    // The venous curve on another grid: the same piecewise-linear curve, so the same area over the window.
    const fine = Float64Array.from({ length: 119 }, (_, i) => 2.5 * i);
    const venous = { tS: fine, c: resampleLinear(frames, truth, fine) };
    const s = scaleToVenousOutput(artery, venous);
    expect(s.scale).toBeCloseTo(1 / k, 10);
    expect(s.windowS).toEqual([0, 295]);
    s.corrected.forEach((v, i) => {
      expect(Math.abs(v - truth[i])).toBeLessThan(1e-11);
    });
    expect(s.venousAreaMmS / s.arteryAreaMmS).toBeCloseTo(1 / k, 10);
  });

  it('compares the areas over the time range both curves cover', () => {
    // The venous curve stops at 100 s: the arterial area is taken over 0-100 s too.
    const short = frames.filter((t) => t <= 100);
    const venous = { tS: short, c: truth.slice(0, short.length) };
    const s = scaleToVenousOutput({ tS: frames, c: truth.map((v) => 0.5 * v) }, venous);
    expect(s.windowS).toEqual([0, 100]);
    expect(s.scale).toBeCloseTo(2, 12);
  });

  it('refuses curves that do not enhance, do not overlap or run backwards', () => {
    const flat = { tS: frames, c: new Float64Array(frames.length) };
    expect(() => scaleToVenousOutput(flat, { tS: frames, c: truth })).toThrow(/both curves to enhance/);
    expect(() => scaleToVenousOutput({ tS: [0, 5], c: [0, 1] }, { tS: [10, 15], c: [1, 1] })).toThrow(
      /share no time range/,
    );
    expect(() => scaleToVenousOutput({ tS: [0, 5, 5], c: [0, 1, 1] }, { tS: frames, c: truth })).toThrow(
      /arterial curve's times must increase; sample 2/,
    );
  });
});
