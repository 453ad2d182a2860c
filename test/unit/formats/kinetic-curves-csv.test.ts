import { formatKineticFitsCsv, readKineticCurvesCsv } from '../../../formats/kinetic-curves-csv';
import { KINETIC_MODELS } from '../../../perfusion/models/model-registry';

describe('kinetic curves CSV', () => {
  it('reads the osipi layout: BOM, padded whitespace-separated cells, C/ca/ta names, reference columns', () => {
    const text = '\uFEFFlabel,Ktrans,t,C,ca,ta\nv1,0.1,"0   1  2",0 0.5  1, 0 4 2 1,0 1 2 3\n';
    const [c] = readKineticCurvesCsv(text, 'osipi', 'x.csv');
    expect(c.label).toBe('v1');
    expect(Array.from(c.t)).toEqual([0, 1, 2]);
    expect(Array.from(c.ct)).toEqual([0, 0.5, 1]);
    expect(Array.from(c.ca)).toEqual([0, 4, 2, 1]);
    expect(Array.from(c.ta)).toEqual([0, 1, 2, 3]);
    expect(c.reference).toEqual({ Ktrans: 0.1 });
  });

  it('uses t as the AIF grid when ta is absent', () => {
    const [c] = readKineticCurvesCsv('label,t,C_t,cp_aif\na,0 1,0 1,2 3\n', 'osipi');
    expect(c.ta).toBe(c.t);
  });

  it('reads the plain layout, grouping rows by label, with an AIF grid of its own', () => {
    const text = ['label,t,ct,ca,ta', 'a,0,0,0,0', 'a,1,0.2,5,2', 'a,2,0.3,,', 'b,0,0,0,0', 'b,1,1,1,1'].join(
      '\n',
    );
    const [a, b] = readKineticCurvesCsv(text, 'plain');
    expect(Array.from(a.t)).toEqual([0, 1, 2]);
    expect(Array.from(a.ta)).toEqual([0, 2]);
    expect(Array.from(a.ca)).toEqual([0, 5]);
    expect(b.label).toBe('b');
  });

  it.each([
    ['osipi', 'label,t,C\na,0 1,0 1\n', 'CSV_MISSING_COLUMN'],
    ['osipi', 'label,t,C,ca\na,0 x,0 1,1 1\n', 'CSV_NUMBER'],
    ['plain', 'label,t,ct,ca\na,0,0,0\nb,0,0,0\na,1,0,0\n', 'CSV_LABEL_ORDER'],
    ['plain', 'label,t,ct,ca\na,0,,0\n', 'CSV_NUMBER'],
  ])('rejects bad %s input with %s', (format, text, code) => {
    expect(() => readKineticCurvesCsv(text, format as 'osipi', 'in.csv')).toThrow(
      expect.objectContaining({ code: code }),
    );
  });

  it('writes OSIPI names and units in OSIPI order, delay when fitted, rmse and flags', () => {
    const row = {
      label: 'c1',
      params: Float64Array.from([30 / 6000, 0.1 / 60, 0.05, 0.2]),
      delayS: 1.5,
      rmse: 0.001,
      flags: ['fp_at_upper_bound', 'roots_near_equal'],
    };
    const csv = formatKineticFitsCsv('2cxm', KINETIC_MODELS['2cxm'].parameters, [row], true);
    expect(csv).toBe(
      'label,vp,ve,fp,ps,delay,rmse,flags\nc1,0.05,0.2,30,0.1,1.5,0.001,fp_at_upper_bound;roots_near_equal\n',
    );
    const patlak = formatKineticFitsCsv(
      'patlak',
      KINETIC_MODELS.patlak.parameters,
      [{ ...row, params: Float64Array.from([0.02 / 60, 0.03]), flags: [] }],
      false,
    );
    expect(patlak).toBe('label,vp,ps,rmse,flags\nc1,0.03,0.02,0.001,\n');
  });
});
