import { parseCsv } from '../../../../formats/csv';
import { parkerBloodAif, parkerPlasmaAif } from '../../../../perfusion/aif/parker-aif';
import { minutesToSeconds } from '../../../../perfusion/units';
import { osipiText, twoCxmCurves, withinTolerance } from '../../../fixtures/osipi/osipi-curves';

describe('Parker 2006 AIF', () => {
  it('matches every sample of OSIPI ParkerAIF_ref.csv (atol 1e-4 mM, rtol 0.01)', () => {
    const table = parseCsv(osipiText('ParkerAIF_ref.csv'));
    const t = Float64Array.from(table.rows, (r) => minutesToSeconds(Number(r[1])));
    const ref = table.rows.map((r) => Number(r[2]));
    const cb = parkerBloodAif(t);
    expect(table.rows.length).toBe(1931);
    let worst = 0;
    for (let i = 0; i < ref.length; i++) {
      expect(withinTolerance(cb[i], ref[i], 1e-4, 0.01)).toBe(true);
      worst = Math.max(worst, Math.abs(cb[i] - ref[i]));
    }
    expect(worst).toBeLessThan(1e-4);
  });

  it('gives the plasma AIF of the OSIPI 2CXM data (Hct 0.42, onset 10 s) to CSV rounding', () => {
    for (const curve of twoCxmCurves()) {
      const cp = parkerPlasmaAif(curve.t, { hct: 0.42, onsetS: 10 });
      for (let i = 0; i < cp.length; i++) expect(Math.abs(cp[i] - curve.ca[i])).toBeLessThan(1e-4);
    }
  });

  it('is zero before onset and peaks at 10.47 mM plasma about 10 s after a 10 s onset', () => {
    const t = Float64Array.from({ length: 601 }, (_, i) => i * 0.25);
    const cp = parkerPlasmaAif(t, { hct: 0.42, onsetS: 10 });
    expect(cp[39]).toBe(0);
    let peak = 0;
    let at = 0;
    cp.forEach((v, i) => {
      if (v > peak) [peak, at] = [v, t[i]];
    });
    expect(peak).toBeCloseTo(10.47, 1);
    expect(at).toBeCloseTo(20.25, 0);
  });

  it('rejects a haematocrit outside [0, 1)', () => {
    expect(() => parkerPlasmaAif(new Float64Array([0]), { hct: 1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_HCT' }),
    );
  });
});
