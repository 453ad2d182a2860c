/** Map montage: slicing a volume and the heatmap data (non-finite voxels left out). */
import { axialSlice, montageSpec } from '../../../reports/grading-montage';

describe('axialSlice', () => {
  it('takes slice z of an x-fastest volume and rejects slices outside it', () => {
    const volume = Float32Array.from({ length: 2 * 3 * 2 }, (_, i) => i);
    expect(Array.from(axialSlice(volume, [2, 3, 2], 1))).toEqual([6, 7, 8, 9, 10, 11]);
    expect(() => axialSlice(volume, [2, 3, 2], 2)).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
  });
});

describe('montageSpec', () => {
  it('one panel per map with its own colour scale; NaN voxels are not drawn', () => {
    const spec = montageSpec(
      [
        { title: 'a', values: Float32Array.of(1, Number.NaN, 3, 4), width: 2, height: 2 },
        { title: 'b', values: Float32Array.of(5, 6, 7, 8), width: 2, height: 2 },
      ],
      'maps',
    ) as {
      hconcat: Array<{ data: { values: Array<{ x: number; y: number; v: number }> } }>;
      resolve: unknown;
    };
    expect(spec.hconcat).toHaveLength(2);
    expect(spec.hconcat[0].data.values).toEqual([
      { x: 0, y: 0, v: 1 },
      { x: 0, y: 1, v: 3 },
      { x: 1, y: 1, v: 4 },
    ]);
    expect(spec.resolve).toEqual({ scale: { color: 'independent' } });
  });
});
