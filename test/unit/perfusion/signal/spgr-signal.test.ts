import { parseCsv } from '../../../../formats/csv';
import {
  concentrationToSignal,
  signalToConcentration,
  spgrSignal,
} from '../../../../perfusion/signal/spgr-signal';
import { osipiText, withinTolerance } from '../../../fixtures/osipi/osipi-curves';

const numbers = (cell: string) => Float64Array.from(cell.trim().split(/\s+/), Number);

describe('SPGR signal <-> concentration', () => {
  it('matches all OSIPI SI2Conc_data.csv cases (atol = rtol = 1e-5), S0 from baseline samples 2..n', () => {
    const table = parseCsv(osipiText('SI2Conc_data.csv'));
    expect(table.header[0]).toBe('label'); // the byte-order mark is stripped
    expect(table.rows.length).toBe(5);
    for (const [, fa, tr, t1, nb, r1, s, conc] of table.rows) {
      const c = signalToConcentration(numbers(s), Number(nb), {
        flipDeg: Number(fa),
        trS: Number(tr),
        t10S: Number(t1),
        r1PerMmS: Number(r1),
      });
      const ref = numbers(conc);
      ref.forEach((v, i) => {
        expect(withinTolerance(c[i], v, 1e-5, 1e-5)).toBe(true);
      });
    }
  });

  it('round-trips concentration -> signal -> concentration', () => {
    const protocol = { flipDeg: 25, trS: 0.005, t10S: 1.2, r1PerMmS: 4.5 };
    const c = Float64Array.from([0, 0, 0, 0.5, 2, 1, 0.3]);
    const back = signalToConcentration(concentrationToSignal(c, 1000, protocol), 3, protocol);
    back.forEach((v, i) => {
      expect(v).toBeCloseTo(c[i], 10);
    });
    expect(spgrSignal(1, 1 / 1.2, { flipDeg: 90, trS: 1e9 })).toBeCloseTo(1, 12); // full recovery at 90 degrees
  });

  it('rejects a baseline shorter than 2 samples', () => {
    expect(() =>
      signalToConcentration(new Float64Array(5), 1, { flipDeg: 20, trS: 0.005, t10S: 1, r1PerMmS: 4 }),
    ).toThrow(expect.objectContaining({ code: 'BASELINE_TOO_SHORT' }));
  });
});
