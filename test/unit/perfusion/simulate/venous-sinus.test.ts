import { addSinusTracer, venousSinus } from '../../../../perfusion/simulate/venous-sinus';

const grid = { nx: 24, ny: 10, nz: 16, h: 1 };
const sinus = venousSinus(grid, 3);
const at = (x: number, y: number, z: number) => x + grid.nx * (y + grid.ny * z);

describe('venous sinus', () => {
  it('is a straight tube along y: each y-slice holds pi R^2 of lumen (0.5%), tangent to the x = max face', () => {
    for (let y = 0; y < grid.ny; y++) {
      let area = 0;
      for (let z = 0; z < grid.nz; z++) for (let x = 0; x < grid.nx; x++) area += sinus.fraction[at(x, y, z)];
      expect(area / (Math.PI * 9)).toBeCloseTo(1, 2);
    }
    expect(sinus.fraction[at(21, 4, 8)]).toBe(1);
    expect(sinus.fraction[at(23, 4, 8)]).toBeLessThan(1);
    expect(sinus.fraction[at(17, 4, 8)]).toBe(0);
    expect(sinus.fraction[at(23, 4, 1)]).toBe(0);
  });

  it('takes the venous tree root just outside its wall, mid-block in y and z', () => {
    const [x, y, z] = sinus.venousRootMm;
    expect(Math.hypot(x - (24 - 3), z - 8)).toBeGreaterThan(3);
    expect(sinus.fraction[at(Math.floor(x), Math.floor(y), Math.floor(z))]).toBe(0);
    expect([y, z]).toEqual([5, 8]);
  });

  it('holds blood whose plasma carries the venous output: tissue concentration = (1 - Hct) x lumen x plasma', () => {
    const frames = [new Float64Array(sinus.fraction.length), new Float64Array(sinus.fraction.length)];
    addSinusTracer(frames, sinus, Float64Array.of(0, 4), 0.4);
    expect(frames[1][at(21, 4, 8)]).toBeCloseTo(0.6 * 4, 12);
    expect(frames[0].every((c) => c === 0)).toBe(true);
    expect(frames[1][at(10, 4, 8)]).toBe(0);
  });
});
