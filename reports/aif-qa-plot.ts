/**
 * The quality-control picture of an arterial input function taken from the image (automatic selection or a
 * given mask): where the voxels are (the slice holding most of them, peak-frame concentration in grey, the
 * voxels in red) and what they measured (each voxel's tissue curve, thin, and the plasma AIF, thick). A reader
 * sees at once whether the voxels sit on a vessel and whether the curve has an arterial first pass.
 */
import type { TopLevelSpec } from 'vega-lite';
import { axialSlice } from './grading-montage';
import { plotConfig, type RenderedPlot, renderVegaLite } from './plot-render';

export interface AifQaInput {
  /** Tissue concentration (mM), value(v, f) = conc[v + f * nx ny nz]. */
  conc: Float32Array;
  dims: [number, number, number];
  frameTimesS: ArrayLike<number>;
  /** The AIF's voxels (indices into the volume). */
  voxels: ArrayLike<number>;
  /** Plasma AIF (mM) at the frame times. */
  plasmaMm: ArrayLike<number>;
  /** e.g. "automatic (Mouridsen 2006), 12 voxels". */
  method: string;
}

export function aifQaSpec(q: AifQaInput): TopLevelSpec {
  const [nx, ny, nz] = q.dims;
  const n = nx * ny * nz;
  const perSlice = new Int32Array(nz);
  for (const v of Array.from(q.voxels)) perSlice[Math.floor(v / (nx * ny))]++;
  const z = perSlice.indexOf(Math.max(...perSlice));
  const peak = Array.from(q.plasmaMm).indexOf(Math.max(...Array.from(q.plasmaMm)));
  const image = axialSlice(q.conc.subarray(peak * n, (peak + 1) * n), q.dims, z);
  const pixels: Array<{ x: number; y: number; c: number }> = [];
  image.forEach((c, i) => {
    if (Number.isFinite(c)) pixels.push({ x: i % nx, y: Math.floor(i / nx), c });
  });
  const inSlice = Array.from(q.voxels).filter((v) => Math.floor(v / (nx * ny)) === z);
  const marks = inSlice.map((v) => ({ x: v % nx, y: Math.floor(v / nx) % ny }));
  const curves = Array.from(q.voxels).flatMap((v) =>
    Array.from(q.frameTimesS, (t, f) => ({ voxel: v, t, c: q.conc[v + f * n] })),
  );
  const aif = Array.from(q.frameTimesS, (t, f) => ({ t, c: q.plasmaMm[f] }));
  const px = Math.max(3, Math.floor(240 / Math.max(nx, ny)));
  const xy = {
    x: {
      field: 'x',
      type: 'ordinal' as const,
      axis: null,
      scale: { domain: Array.from({ length: nx }, (_, i) => i) },
    },
    y: {
      field: 'y',
      type: 'ordinal' as const,
      axis: null,
      sort: 'descending' as const,
      scale: { domain: Array.from({ length: ny }, (_, i) => i) },
    },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: { ...plotConfig, view: { stroke: null } },
    title: { text: `AIF: ${q.method}`, anchor: 'start' },
    hconcat: [
      {
        title: `slice ${z}: C at ${q.frameTimesS[peak]} s; ${inSlice.length} of ${q.voxels.length} AIF voxels (red)`,
        width: nx * px,
        height: ny * px,
        layer: [
          {
            data: { values: pixels },
            mark: { type: 'rect' },
            encoding: {
              ...xy,
              color: { field: 'c', type: 'quantitative', title: 'mM', scale: { scheme: 'greys' } },
            },
          },
          {
            data: { values: marks },
            mark: { type: 'square', color: '#d62728', size: px * px * 0.6 },
            encoding: xy,
          },
        ],
      },
      {
        title: 'voxel tissue curves (grey) and plasma AIF (red)',
        width: 320,
        height: ny * px,
        layer: [
          {
            data: { values: curves },
            mark: { type: 'line', strokeWidth: 0.7, color: '#999999' },
            encoding: {
              x: { field: 't', type: 'quantitative', title: 'time (s)' },
              y: { field: 'c', type: 'quantitative', title: 'concentration (mM)' },
              detail: { field: 'voxel', type: 'nominal' },
            },
          },
          {
            data: { values: aif },
            mark: { type: 'line', strokeWidth: 2.5, color: '#d62728' },
            encoding: { x: { field: 't', type: 'quantitative' }, y: { field: 'c', type: 'quantitative' } },
          },
        ],
      },
    ],
  };
}

export function renderAifQa(q: AifQaInput): Promise<RenderedPlot> {
  return renderVegaLite(aifQaSpec(q));
}
