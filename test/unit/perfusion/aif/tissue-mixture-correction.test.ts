import { parkerPlasmaAif } from '../../../../perfusion/aif/parker-aif';
import { resampleLinear } from '../../../../perfusion/aif/resample';
import { unmixArterialCurve } from '../../../../perfusion/aif/tissue-mixture-correction';
import { scaleToVenousOutput } from '../../../../perfusion/aif/venous-output-scaling';

const frames = Float64Array.from({ length: 60 }, (_, i) => 5 * i);
const ca = parkerPlasmaAif(frames, { onsetS: 12, hct: 0.42 });
// A tissue curve that rises slowly after the bolus and stays up (mM on the plasma scale).
const ct = frames.map((t) => (t > 12 ? 0.4 * (1 - Math.exp(-(t - 12) / 60)) : 0));
const mixture = (f: number, tissue = ct) => ({
  tS: frames,
  c: ca.map((v, i) => f * v + (1 - f) * tissue[i]),
});
// The venous output on another grid: the same piecewise-linear curve as ca, so the same area over the window.
const fine = Float64Array.from({ length: 119 }, (_, i) => 2.5 * i);
const venous = { tS: fine, c: resampleLinear(frames, ca, fine) };
const tissue = { tS: frames, c: ct };

describe('unmixArterialCurve', () => {
  it('recovers the arterial fraction and the arterial curve of an exact mixture', () => {
    for (const f of [0.15, 0.4, 0.9]) {
      const r = unmixArterialCurve(mixture(f), tissue, venous);
      expect(r.fraction).toBeCloseTo(f, 10);
      expect(r.windowS).toEqual([0, 295]);
      r.corrected.forEach((v, i) => {
        expect(Math.abs(v - ca[i])).toBeLessThan(1e-10);
      });
      expect(r.measuredAreaMmS).toBeCloseTo(f * r.venousAreaMmS + (1 - f) * r.tissueAreaMmS, 10);
    }
  });

  it('restores the peak that venous-output scaling of the same mixture misses', () => {
    const peak = (c: ArrayLike<number>) => Math.max(...Array.from(c));
    const scaled = scaleToVenousOutput(mixture(0.2), venous).corrected;
    const unmixed = unmixArterialCurve(mixture(0.2), tissue, venous).corrected;
    // The tissue's area is credited to ca by the rescaling, so its peak falls short (Hansen et al. 2009).
    expect(peak(scaled) / peak(ca)).toBeLessThan(0.8);
    expect(peak(unmixed) / peak(ca)).toBeCloseTo(1, 10);
  });

  it('is venous-output scaling when the tissue does not enhance', () => {
    const flat = { tS: frames, c: new Float64Array(frames.length) };
    const measured = { tS: frames, c: ca.map((v, i) => 0.3 * v + 0.01 * Math.sin(i)) };
    const r = unmixArterialCurve(measured, flat, venous);
    const s = scaleToVenousOutput(measured, venous);
    expect(r.fraction).toBeCloseTo(1 / s.scale, 12);
    r.corrected.forEach((v, i) => {
      expect(v).toBeCloseTo(s.corrected[i], 10);
    });
  });

  it('refuses a tissue curve with as much area as the venous output', () => {
    const heavy = { tS: frames, c: ca.map((v) => 1.1 * v) };
    expect(() => unmixArterialCurve(mixture(0.3), heavy, venous)).toThrow(
      expect.objectContaining({
        code: 'TISSUE_NOT_BELOW_VENOUS',
        message: expect.stringMatching(/no arterial fraction/),
      }),
    );
  });

  it('refuses an arterial fraction at or below 0 and above 1, saying which', () => {
    // The "arterial" region encloses less than the tissue beside it: it misses the artery.
    const missed = { tS: frames, c: ct.map((v) => 0.5 * v) };
    expect(() => unmixArterialCurve(missed, tissue, venous)).toThrow(
      expect.objectContaining({
        code: 'ARTERIAL_FRACTION_IMPLAUSIBLE',
        message: expect.stringMatching(/arterial fraction -\d\.\d+ <= 0\): mask_artery misses the artery/),
      }),
    );
    const excess = { tS: frames, c: ca.map((v) => 1.5 * v) };
    expect(() => unmixArterialCurve(excess, tissue, venous)).toThrow(
      expect.objectContaining({
        code: 'ARTERIAL_FRACTION_IMPLAUSIBLE',
        message: expect.stringMatching(/arterial fraction 1\.\d+ > 1\): there is no partial volume/),
      }),
    );
  });

  it('refuses a tissue curve off the arterial curve’s times, and curves that share no time', () => {
    expect(() => unmixArterialCurve(mixture(0.3), venous, venous)).toThrow(
      expect.objectContaining({ code: 'CURVES_NOT_ALIGNED' }),
    );
    expect(() =>
      unmixArterialCurve({ tS: [0, 5], c: [0, 1] }, { tS: [0, 5], c: [0, 0] }, { tS: [10, 15], c: [1, 1] }),
    ).toThrow(expect.objectContaining({ code: 'CURVES_DO_NOT_OVERLAP' }));
    expect(() => unmixArterialCurve({ tS: [0, 5, 5], c: [0, 1, 1] }, tissue, venous)).toThrow(
      expect.objectContaining({ code: 'TIMES_NOT_INCREASING' }),
    );
  });
});
