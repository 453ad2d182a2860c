import { aifQaSpec, renderAifQa } from '../../../reports/aif-qa-plot';
import { decodePng } from './plot-png-pixels';

/** 6x5x3 voxels, 4 frames; AIF voxels 2 and 7 in slice 0, voxel 40 in slice 1. */
function input() {
  const n = 6 * 5 * 3;
  const conc = new Float32Array(n * 4);
  for (let f = 0; f < 4; f++) for (let v = 0; v < n; v++) conc[v + n * f] = (v % 7) * 0.1 * f;
  return {
    conc,
    dims: [6, 5, 3] as [number, number, number],
    frameTimesS: [0, 5, 10, 15],
    voxels: [2, 7, 40],
    plasmaMm: [0, 3, 1.5, 1],
    method: 'automatic (Mouridsen 2006), 3 voxels',
  };
}

describe('AIF QA plot', () => {
  it('shows the slice holding most AIF voxels at the AIF peak, marks them, and draws every voxel curve', () => {
    const spec = aifQaSpec(input()) as unknown as {
      hconcat: Array<{ title: string; layer: Array<{ data: { values: unknown[] } }> }>;
    };
    const [image, curves] = spec.hconcat;
    expect(image.title).toBe('slice 0: C at 5 s; 2 of 3 AIF voxels (red)');
    expect(image.layer[1].data.values).toEqual([
      { x: 2, y: 0 },
      { x: 1, y: 1 },
    ]);
    expect(image.layer[0].data.values).toHaveLength(30);
    expect(curves.layer[0].data.values).toHaveLength(3 * 4);
    expect(curves.layer[1].data.values).toEqual([
      { t: 0, c: 0 },
      { t: 5, c: 3 },
      { t: 10, c: 1.5 },
      { t: 15, c: 1 },
    ]);
  });

  it('renders a PNG with the red markers and curve in it', async () => {
    const { png } = await renderAifQa(input());
    const { width, height, rgb } = decodePng(png);
    expect(width).toBeGreaterThan(400);
    expect(height).toBeGreaterThan(100);
    let red = 0;
    for (let i = 0; i < rgb.length; i += 3) if (rgb[i] > 200 && rgb[i + 1] < 80 && rgb[i + 2] < 80) red++;
    expect(red).toBeGreaterThan(100);
  });
});
