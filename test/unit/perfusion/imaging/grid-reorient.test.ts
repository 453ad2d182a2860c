import { gridMapping, reorientToGrid, type VoxelGrid } from '../../../../perfusion/imaging/grid-reorient';

const diag = (dx: number, dy: number, dz: number, o = [0, 0, 0]): number[][] => [
  [dx, 0, 0, o[0]],
  [0, dy, 0, o[1]],
  [0, 0, dz, o[2]],
  [0, 0, 0, 1],
];

describe('reorientToGrid', () => {
  const source: VoxelGrid = { dims: [3, 2, 2], affine: diag(1, 1, 2) };
  const data = Float32Array.from({ length: 12 * 2 }, (_, i) => i); // two frames

  it('is the identity on the same grid', () => {
    expect(Array.from(reorientToGrid(data, 2, source, source))).toEqual(Array.from(data));
  });

  it('undoes a y flip as dcm2niix writes it (rows bottom-up, origin at the last row)', () => {
    const flipped: VoxelGrid = {
      dims: [3, 2, 2],
      affine: [
        [1, 0, 0, 0],
        [0, -1, 0, 1],
        [0, 0, 2, 0],
        [0, 0, 0, 1],
      ],
    };
    const out = reorientToGrid(data, 2, source, flipped);
    // Target voxel (x, y, z) is source voxel (x, 1 - y, z): same world position.
    expect(out[0]).toBe(data[3]); // (0,0,0) <- (0,1,0)
    expect(out[3 + 2]).toBe(data[2]); // (2,1,0) <- (2,0,0)
    expect(out[12 + 6]).toBe(data[12 + 9]); // frame 1: (0,0,1) <- (0,1,1)
    expect(Array.from(reorientToGrid(out, 2, flipped, source))).toEqual(Array.from(data));
  });

  it('handles an axis permutation and keeps the array type', () => {
    const swapped: VoxelGrid = {
      dims: [2, 3, 2],
      affine: [
        [0, 1, 0, 0],
        [1, 0, 0, 0],
        [0, 0, 2, 0],
        [0, 0, 0, 1],
      ],
    };
    const mask = Uint8Array.from({ length: 12 }, (_, i) => i);
    const out = reorientToGrid(mask, 1, source, swapped);
    expect(out).toBeInstanceOf(Uint8Array);
    expect(out[1]).toBe(mask[3]); // target (1,0,0) is world (0,1,0) = source (0,1,0)
    expect(gridMapping(source, swapped)).toEqual({ axis: [1, 0, 2], sign: [1, 1, 1], origin: [0, 0, 0] });
  });

  it('refuses grids that are not the same voxels', () => {
    const shifted: VoxelGrid = { dims: [3, 2, 2], affine: diag(1, 1, 2, [0.5, 0, 0]) };
    const finer: VoxelGrid = { dims: [3, 2, 2], affine: diag(0.5, 1, 2) };
    const larger: VoxelGrid = { dims: [4, 2, 2], affine: diag(1, 1, 2) };
    for (const target of [shifted, finer, larger])
      expect(() => reorientToGrid(data, 2, source, target)).toThrow(
        expect.objectContaining({ code: 'GRID_MISMATCH' }),
      );
  });
});
