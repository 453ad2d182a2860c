import {
  arterialTissueRing,
  MIN_RING_VOXELS,
  tissueRingCurve,
} from '../../../../perfusion/aif/arterial-tissue-ring';

// A 5 x 5 x 3 grid, x fastest; voxel (x, y, z) has index x + 5 (y + 5 z).
const dims = [5, 5, 3] as const;
const n = 75;
const at = (x: number, y: number, z: number) => x + 5 * (y + 5 * z);
const mask = (voxels: number[]) => {
  const m = new Uint8Array(n);
  for (const v of voxels) m[v] = 1;
  return m;
};
const allBrain = new Uint8Array(n).fill(1);

describe('arterialTissueRing', () => {
  it('is the 26 neighbours of an arterial voxel, less the artery, vein and non-brain voxels', () => {
    const centre = at(2, 2, 1);
    expect(arterialTissueRing({ dims, artery: mask([centre]), brain: allBrain }).length).toBe(26);
    // A second arterial voxel beside it, a vein voxel and a voxel outside the brain among the neighbours.
    const artery = mask([centre, at(3, 2, 1)]);
    const brain = Uint8Array.from(allBrain);
    brain[at(1, 1, 0)] = 0;
    const ring = arterialTissueRing({ dims, artery, brain, vein: mask([at(1, 2, 1)]) });
    // Neighbours of the pair: the 4 x 3 x 3 block at x 1-4 less the pair itself, less the two excluded.
    expect(ring.length).toBe(4 * 3 * 3 - 2 - 2);
    for (const v of [centre, at(3, 2, 1), at(1, 1, 0), at(1, 2, 1)]) expect(ring).not.toContain(v);
    expect(ring).toContain(at(4, 3, 2));
    expect(ring).not.toContain(at(0, 2, 1));
  });

  it('stops at the grid’s faces', () => {
    expect(arterialTissueRing({ dims, artery: mask([at(0, 0, 0)]), brain: allBrain }).length).toBe(7);
  });

  it('refuses an empty artery mask and masks of another shape', () => {
    expect(() => arterialTissueRing({ dims, artery: new Uint8Array(n), brain: allBrain })).toThrow(
      expect.objectContaining({ code: 'EMPTY_ARTERY_MASK' }),
    );
    expect(() => arterialTissueRing({ dims, artery: new Uint8Array(n), brain: new Uint8Array(12) })).toThrow(
      expect.objectContaining({
        code: 'SHAPE_MISMATCH',
        message: expect.stringContaining('brain mask holds 12'),
      }),
    );
  });
});

describe('tissueRingCurve', () => {
  const frames = 4;
  const tissue = [0, 0.1, 0.2, 0.25];
  const arterial = [0, 5, 2, 1];
  const ring = arterialTissueRing({ dims, artery: mask([at(2, 2, 1)]), brain: allBrain });
  const concentration = (curveOf: (v: number) => number[]) => {
    const c = new Float32Array(n * frames);
    for (let v = 0; v < n; v++)
      curveOf(v).forEach((x, f) => {
        c[f * n + v] = x;
      });
    return c;
  };

  it('takes the median over the ring, unmoved by the few voxels the vessel runs through, on the plasma scale', () => {
    // 5 of the 26 neighbours hold the artery's first pass: the median is still the tissue's curve.
    const vessel = new Set(Array.from(ring).slice(0, 5));
    const c = concentration((v) => (vessel.has(v) ? arterial : tissue));
    const r = tissueRingCurve(c, n, ring, 0.42);
    expect(r.voxels).toBe(26);
    r.curve.forEach((x, f) => {
      expect(x).toBeCloseTo(Math.fround(tissue[f]) / 0.58, 12);
    });
  });

  it('leaves out voxels with a non-finite value and refuses a ring too small to outvote a vessel', () => {
    const bad = new Set(Array.from(ring).slice(0, 26 - MIN_RING_VOXELS));
    const c = concentration((v) => (bad.has(v) ? [0, Number.NaN, 0, 0] : tissue));
    expect(tissueRingCurve(c, n, ring, 0.42).voxels).toBe(MIN_RING_VOXELS);
    bad.add(ring[25]);
    const c2 = concentration((v) => (bad.has(v) ? [0, Number.POSITIVE_INFINITY, 0, 0] : tissue));
    expect(() => tissueRingCurve(c2, n, ring, 0.42)).toThrow(
      expect.objectContaining({
        code: 'TISSUE_RING_TOO_SMALL',
        message: expect.stringContaining(`holds ${MIN_RING_VOXELS - 1} usable voxels (26 next to it`),
      }),
    );
    expect(() => tissueRingCurve(c, n, ring, 1)).toThrow(expect.objectContaining({ code: 'INVALID_HCT' }));
  });
});
