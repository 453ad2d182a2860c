import type { CellGrid } from '../../../../perfusion/simulate/smooth-noise';
import { supplyPerfusionPerS } from '../../../../perfusion/simulate/supply-perfusion';

const grid: CellGrid = { nx: 30, ny: 30, nz: 30, h: 0.5 };
const n = grid.nx * grid.ny * grid.nz;
const cell = (x: number, y: number, z: number) => x + grid.nx * (y + grid.ny * z);

describe('supplyPerfusionPerS', () => {
  it('a uniform supply reads source / volume everywhere, also beside the block faces and an unperfused hole', () => {
    const hole = (i: number) => {
      const [x, y, z] = [i % 30, Math.floor(i / 30) % 30, Math.floor(i / 900)];
      return Math.hypot(x - 15, y - 15, z - 15) < 5;
    };
    const source = Float64Array.from({ length: n }, (_, i) => (hole(i) ? 0 : 0.002));
    const fp = supplyPerfusionPerS(source, (i) => !hole(i), grid, 1.5);
    for (let i = 0; i < n; i++) {
      if (hole(i)) expect(fp[i]).toBe(0);
      else expect(fp[i]).toBeCloseTo(0.002 / grid.h ** 3, 10);
    }
  });

  it('spreads one terminal as a Gaussian of sd sigma and keeps its flow (sum of V Fp = source)', () => {
    const source = new Float64Array(n);
    source[cell(15, 15, 15)] = 0.01;
    // Sigma 1 mm: the spread (3 sigma) and its cells' kernels stay inside the block, so nothing is truncated.
    const sigma = 1;
    const fp = supplyPerfusionPerS(source, () => true, grid, sigma);
    const total = fp.reduce((s, f) => s + f * grid.h ** 3, 0);
    expect(total).toBeCloseTo(0.01, 12);
    // Ratio at 1 mm (2 cells) along x to the centre: exp(-0.5 (1/1)^2).
    expect(fp[cell(17, 15, 15)] / fp[cell(15, 15, 15)]).toBeCloseTo(Math.exp(-0.5), 10);
  });
});
