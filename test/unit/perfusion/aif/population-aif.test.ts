import { PARKER_2006, parkerBloodAif, parkerPlasmaAif } from '../../../../perfusion/aif/parker-aif';
import { estimateParkerOnsetS, populationPlasmaAif } from '../../../../perfusion/aif/population-aif';
import { createSeededRandom } from '../../../../perfusion/random/seeded-random';

const fine = Float64Array.from({ length: 1201 }, (_, i) => 0.25 * i);
const frames = Float64Array.from({ length: 60 }, (_, i) => 5 * i);

describe('populationPlasmaAif', () => {
  it('is Parker’s plasma curve at 0.1 mmol/kg and scales linearly with the dose', () => {
    const full = populationPlasmaAif(fine, { doseMmolPerKg: 0.1, hct: 0.42, onsetS: 10 });
    expect(Array.from(full)).toEqual(Array.from(parkerPlasmaAif(fine, { onsetS: 10, hct: 0.42 })));
    expect(Math.max(...full)).toBeCloseTo(10.47, 1);
    const half = populationPlasmaAif(fine, { doseMmolPerKg: 0.05, hct: 0.42, onsetS: 10 });
    const third = populationPlasmaAif(fine, { doseMmolPerKg: 0.1 / 3, hct: 0.42, onsetS: 10 });
    full.forEach((v, i) => {
      expect(half[i]).toBeCloseTo(v / 2, 12);
      expect(third[i]).toBeCloseTo(v / 3, 12);
    });
    expect(PARKER_2006.doseMmolPerKg).toBe(0.1);
  });

  it('converts to plasma with the assumed haematocrit and refuses a dose that is not positive', () => {
    const a = populationPlasmaAif(fine, { doseMmolPerKg: 0.1, hct: 0.42, onsetS: 10 });
    const b = populationPlasmaAif(fine, { doseMmolPerKg: 0.1, hct: 0.5, onsetS: 10 });
    expect(b[80] / a[80]).toBeCloseTo(0.58 / 0.5, 12);
    expect(() => populationPlasmaAif(fine, { doseMmolPerKg: 0, hct: 0.42, onsetS: 10 })).toThrow(
      /dose must be a positive number of mmol\/kg \(got 0\)/,
    );
  });
});

describe('estimateParkerOnsetS', () => {
  it('recovers the onset of a scaled Parker curve sampled every 5 s, whatever its amplitude', () => {
    for (const [onset, scale] of [
      [13.7, 0.2],
      [8.2, 3],
      [21.4, 0.05],
    ]) {
      const measured = parkerBloodAif(frames, { onsetS: onset }).map((v) => scale * v);
      expect(Math.abs(estimateParkerOnsetS(frames, measured) - onset)).toBeLessThan(0.051);
    }
  });

  it('places a noisy curve with a raised tail (tissue in the voxel) within a second', () => {
    const rng = createSeededRandom(3);
    const onset = 16.3;
    const blood = parkerBloodAif(frames, { onsetS: onset });
    const tail = parkerBloodAif(frames, { onsetS: onset + 8 });
    const measured = blood.map((v, i) => 0.25 * v + 0.1 * tail[i] + 0.03 * (rng.next() - 0.5));
    expect(Math.abs(estimateParkerOnsetS(frames, measured) - onset)).toBeLessThan(1);
  });

  it('refuses a curve that never rises', () => {
    expect(() => estimateParkerOnsetS(frames, new Float64Array(60))).toThrow(
      /never rises above its first sample/,
    );
  });
});
