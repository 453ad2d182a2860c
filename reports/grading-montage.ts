/**
 * Vega-Lite spec of a parameter-map montage: one heatmap per map (a 2D slice), side by side, each with
 * its own colour scale and legend title (the map's name and unit). Non-finite voxels are left blank.
 */
import type { TopLevelSpec } from 'vega-lite';
import { FormatError } from '../formats/format-error';
import { plotConfig } from './plot-render';

export interface MontagePanel {
  /** Panel title, e.g. "qtmnet |u| (mm/s)". */
  title: string;
  /** Slice values, x fastest: value of (x, y) at index y * width + x. */
  values: ArrayLike<number>;
  width: number;
  height: number;
}

/** The axial slice z of a volume stored x fastest, then y, then z. */
export function axialSlice(
  volume: ArrayLike<number>,
  dims: readonly [number, number, number],
  z: number,
): Float32Array {
  const [nx, ny, nz] = dims;
  if (!Number.isInteger(z) || z < 0 || z >= nz || volume.length < nx * ny * nz) {
    throw new FormatError(
      'SHAPE_MISMATCH',
      `slice ${z} is outside a volume of ${dims.join('x')} (${volume.length} values)`,
    );
  }
  return Float32Array.from({ length: nx * ny }, (_, i) => volume[z * nx * ny + i]);
}

export function montageSpec(
  panels: readonly MontagePanel[],
  title: string,
  pixelsPerVoxel = 4,
): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: { ...plotConfig, view: { stroke: null }, axis: { ...plotConfig.axis, grid: false } },
    // Extra offset keeps the montage title clear of the panel titles below it.
    title: { text: title, anchor: 'start', offset: 14 },
    hconcat: panels.map((p) => {
      const values: Array<{ x: number; y: number; v: number }> = [];
      for (let y = 0; y < p.height; y++) {
        for (let x = 0; x < p.width; x++) {
          const v = p.values[y * p.width + x];
          if (Number.isFinite(v)) values.push({ x, y, v });
        }
      }
      return {
        title: p.title,
        width: p.width * pixelsPerVoxel,
        height: p.height * pixelsPerVoxel,
        data: { values },
        mark: { type: 'rect' as const },
        encoding: {
          x: { field: 'x', type: 'ordinal' as const, axis: null },
          // Radiological display: y = 0 at the bottom.
          y: { field: 'y', type: 'ordinal' as const, axis: null, sort: 'descending' as const },
          color: { field: 'v', type: 'quantitative' as const, title: null, scale: { scheme: 'viridis' } },
        },
      };
    }),
    resolve: { scale: { color: 'independent' } },
  };
}
