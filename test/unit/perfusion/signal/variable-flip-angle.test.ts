import { parseCsv } from '../../../../formats/csv';
import { spgrSignal } from '../../../../perfusion/signal/spgr-signal';
import { fitVariableFlipAngle } from '../../../../perfusion/signal/variable-flip-angle';
import { osipiText } from '../../../fixtures/osipi/osipi-curves';

const numbers = (cell: string) => Float64Array.from(cell.trim().split(/\s+/), Number);

describe('variable-flip-angle T1', () => {
  it('fits every voxel of OSIPI t1_brain_data.csv within 1% of the reference R1', () => {
    const table = parseCsv(osipiText('t1_brain_data.csv'));
    expect(table.rows.length).toBeGreaterThan(70);
    for (const [label, fa, tr, s, r1] of table.rows) {
      const fit = fitVariableFlipAngle(numbers(s), numbers(fa), numbers(tr));
      expect({ label, ok: Math.abs(fit.r1PerS - Number(r1)) <= 0.01 * Number(r1) }).toEqual({
        label,
        ok: true,
      });
    }
  });

  it('recovers M0 and R1 exactly from noise-free signals', () => {
    const fa = Float64Array.from([2, 5, 10, 15]);
    const tr = Float64Array.from([0.005, 0.005, 0.005, 0.005]);
    const s = fa.map((a) => spgrSignal(3000, 1 / 1.4, { flipDeg: a, trS: 0.005 }));
    const fit = fitVariableFlipAngle(s, fa, tr);
    expect(fit.r1PerS).toBeCloseTo(1 / 1.4, 8);
    expect(fit.m0).toBeCloseTo(3000, 5);
  });

  it('rejects mismatched inputs', () => {
    expect(() => fitVariableFlipAngle(new Float64Array(3), new Float64Array(2), new Float64Array(3))).toThrow(
      expect.objectContaining({ code: 'LENGTH_MISMATCH' }),
    );
  });
});
