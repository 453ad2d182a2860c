import { fitVolume } from '../../../../perfusion/fit/volume-fit';
import { twoCxmCurves } from '../../../fixtures/osipi/osipi-curves';

describe('fitVolume', () => {
  const curves = twoCxmCurves();
  const nt = curves[0].t.length;
  const voxelCount = 8; // 2 x 2 x 2
  const conc = new Float32Array(voxelCount * nt);
  for (let v = 0; v < voxelCount; v++)
    for (let f = 0; f < nt; f++) conc[v + f * voxelCount] = curves[v].ct[f];
  conc[5 + 100 * voxelCount] = Number.NaN; // voxel 5 has a missing sample
  const mask = Uint8Array.from([1, 1, 1, 0, 1, 1, 1, 1]);
  const base = {
    model: '2cxm',
    conc,
    voxelCount,
    t: curves[0].t,
    ta: curves[0].ta,
    ca: curves[0].ca,
    fitDelay: false,
  };

  it('fits masked voxels (x fastest, frames last) into SI maps with an RMSE map, skipping non-finite voxels', () => {
    const progress: Array<[number, number]> = [];
    const r = fitVolume({ ...base, mask }, (done, total) => progress.push([done, total]));
    expect(r.fitted).toBe(6);
    expect(r.skipped).toBe(1);
    expect(Array.from(r.status)).toEqual([0, 0, 0, 255, 0, 2, 0, 0]);
    for (const v of [0, 1, 2, 4, 6, 7]) {
      expect(r.params[0][v] * 6000).toBeCloseTo(curves[v].reference.fp, -1); // Fp, within a few mL/100 mL/min
      expect(r.params[3][v]).toBeCloseTo(curves[v].reference.ve, 1);
      expect(r.rmse[v]).toBeLessThan(0.0011);
    }
    expect(Number.isNaN(r.params[0][3])).toBe(true);
    expect(Number.isNaN(r.rmse[5])).toBe(true);
    expect(progress[progress.length - 1]).toEqual([7, 7]);
  });

  it('fits every voxel without a mask, and rejects mismatched shapes', () => {
    expect(fitVolume({ ...base, model: 'patlak', mask: null }).fitted).toBe(7);
    expect(() => fitVolume({ ...base, mask: new Uint8Array(7) })).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
    expect(() => fitVolume({ ...base, mask, conc: conc.subarray(1) })).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
  });
});
