import { createSeededRandom } from '../../../../perfusion/random/seeded-random';
import { divergenceResidual, solveDarcy } from '../../../../perfusion/simulate/darcy-bed';

describe('Darcy capillary bed', () => {
  const grid = { nx: 14, ny: 12, nz: 8, h: 1 };
  const n = 14 * 12 * 8;
  const rng = createSeededRandom(5);
  const permeability = Float64Array.from({ length: n }, () => Math.exp(2 * rng.next() - 1));
  // An impervious (necrotic) block in the middle.
  for (let z = 3; z < 6; z++)
    for (let y = 4; y < 8; y++) for (let x = 5; x < 9; x++) permeability[x + 14 * (y + 12 * z)] = 0;
  const source = new Float64Array(n);
  const sinkCount = new Float64Array(n);
  for (let k = 0; k < 25; k++) {
    const i = rng.nextInt(n);
    if (permeability[i] > 0) source[i] += 0.3;
    const j = rng.nextInt(n);
    if (permeability[j] > 0) sinkCount[j] += 1;
  }
  const field = solveDarcy({ grid, permeability, source, sinkCount, pressureDropPa: 2500 });

  it('discrete divergence equals sources minus sinks to 1e-9 relative in every cell', () => {
    const residual = divergenceResidual(field);
    const total = source.reduce((a, b) => a + b, 0);
    expect(Math.max(...residual.map(Math.abs)) / total).toBeLessThan(1e-9);
    expect(Math.abs(field.sinkFlow.reduce((a, b) => a + b, 0) - total) / total).toBeLessThan(1e-9);
  });

  it('no flow crosses impervious cells, flow runs down the pressure gradient, and the pressure scale is as asked', () => {
    for (let d = 0; d < 3; d++) {
      for (let i = 0; i < n; i++) {
        if (permeability[i] === 0) expect(field.faceFlux[d][i]).toBe(0);
        const f = field.faceFlux[d][i];
        if (f !== 0)
          expect(Math.sign(f)).toBe(Math.sign(field.pressure[i] - field.pressure[i + [1, 14, 168][d]]));
      }
    }
    let ps = 0;
    let qs = 0;
    for (let i = 0; i < n; i++) {
      ps += source[i] * field.pressure[i];
      qs += source[i];
    }
    expect(ps / qs).toBeCloseTo(2500, 6);
  });

  it('rejects a permeable region with no venule', () => {
    const k = new Float64Array(8).fill(1);
    k[3] = 0;
    const sinks = new Float64Array(8);
    sinks[7] = 1;
    const src = new Float64Array(8);
    src[0] = 1;
    expect(() =>
      solveDarcy({
        grid: { nx: 8, ny: 1, nz: 1, h: 1 },
        permeability: k,
        source: src,
        sinkCount: sinks,
        pressureDropPa: 1,
      }),
    ).toThrow(
      expect.objectContaining({ code: 'INVALID_BED', message: expect.stringContaining('no venule') }),
    );
  });
});
