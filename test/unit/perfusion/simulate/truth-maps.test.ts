import { type ImagingGrid, imagingIndex } from '../../../../perfusion/simulate/acquisition';
import { computeTruthMaps } from '../../../../perfusion/simulate/truth-maps';
import { analytic2cxm, channel, channelField, parkerAt, runBed } from './bed-fixtures';

/** Truth maps of a 6-cell channel (1 mm cells, plasma flow q mm^3/s) imaged with `perVoxel` cells per voxel. */
function channelTruth(perVoxel: number, q: number, lumenPlasma = 0) {
  const field = channelField(6, 6, q);
  const img: ImagingGrid = { dims: [6 / perVoxel, 1, 1], factor: [perVoxel, 1, 1] };
  const fill = (v: number) => new Float64Array(6).fill(v);
  const input = {
    darcy: field,
    vp: fill(0.03),
    ve: fill(0.2),
    psPerS: fill(0.002),
    lumenPlasma: fill(lumenPlasma),
    territoryMm: 0,
  };
  return computeTruthMaps(input, imagingIndex(field.grid, img), img);
}

describe('truth maps', () => {
  it.each([1, 2, 3])(
    'kinetic Fp is the plasma flow through each voxel per its volume (%p cells per voxel): each voxel counts the flow once',
    (perVoxel) => {
      const q = 0.02;
      const { kinetic, supply } = channelTruth(perVoxel, q);
      for (const fp of kinetic.fpPerS) expect(fp).toBeCloseTo(q / perVoxel, 12);
      // The supply definition puts the whole arteriolar inflow where the arteriole enters (territory 0 here).
      expect(supply.fpPerS[0]).toBeCloseTo(q / perVoxel, 12);
      for (const fp of supply.fpPerS.slice(1)) expect(fp).toBe(0);
    },
  );

  it('kinetic vp holds the lumens plasma, supply vp only the capillary bed; Ktrans = E Fp from its own Fp', () => {
    const { kinetic, supply } = channelTruth(2, 0.02, 0.01);
    for (let v = 0; v < 3; v++) {
      expect(kinetic.vp[v]).toBeCloseTo(0.04, 12);
      expect(supply.vp[v]).toBeCloseTo(0.03, 12);
      const fp = kinetic.fpPerS[v];
      expect(kinetic.ktransPerS[v]).toBeCloseTo((0.002 * fp) / (0.002 + fp), 12);
      expect(kinetic.ve[v]).toBe(supply.ve[v]);
      expect(kinetic.speedMmS[v]).toBe(supply.speedMmS[v]);
    }
  });

  it('a well-mixed voxel fed by the AIF follows the analytic 2CXM with its kinetic truth Fp, within 1% of peak', () => {
    const [fpSet, ps, vp, ve] = [60 / 6000, 2 / 60, 0.05, 0.3];
    const field = channelField(1, 1, fpSet);
    const img: ImagingGrid = { dims: [1, 1, 1], factor: [1, 1, 1] };
    const fill = (x: number) => Float64Array.of(x);
    const { kinetic } = computeTruthMaps(
      { darcy: field, vp: fill(vp), ve: fill(ve), psPerS: fill(ps), lumenPlasma: fill(0), territoryMm: 0 },
      imagingIndex(field.grid, img),
      img,
    );
    const { states } = runBed(channel(1, 1, fpSet, vp, ve, ps), parkerAt, 0.1, 3000, 0.5);
    const ref = analytic2cxm(kinetic.fpPerS[0], kinetic.psPerS[0], kinetic.vp[0], kinetic.ve[0], 300);
    let peak = 0;
    let worst = 0;
    for (let s = 0; s <= 3000; s += 10) {
      peak = Math.max(peak, ref(s * 0.1));
      worst = Math.max(worst, Math.abs(vp * states[s].cp[0] + ve * states[s].ce[0] - ref(s * 0.1)));
    }
    expect(worst / peak).toBeLessThan(0.01);
  });
});
