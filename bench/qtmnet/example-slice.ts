/**
 * Example maps for the evaluation PNG: the middle axial slice of one simulated subject, truth vs QTMnet vs
 * 2CXM (fitted with the subject's measured AIF), for Fp, Ktrans, vp and |u| (QTMnet and truth only).
 */
import type { TopLevelSpec } from 'vega-lite';
import { curvesAt, fitVoxelBatch } from '../../perfusion/fit/volume-fit';
import type { QtmNetwork } from '../../perfusion/qtmnet/network';
import { ktransFromFlowAndPermeability } from '../../perfusion/qtmnet/parameter-scales';
import { inferVolume } from '../../perfusion/qtmnet/volume-inference';
import type { SimulatedSubject } from '../../perfusion/simulate/subject-simulation';
import { plotConfig } from '../../reports/plot-render';

export interface MapPixel {
  x: number;
  y: number;
  parameter: string;
  method: string;
  value: number;
}

export function exampleSlice(
  network: QtmNetwork,
  s: SimulatedSubject,
  concentration: Float32Array,
  fitDelay: boolean,
): MapPixel[] {
  const [nx, ny, nz] = s.dims;
  const nvox = nx * ny * nz;
  const nt = s.frameTimesS.length;
  const z = Math.floor(nz / 2);
  const voxels: number[] = [];
  for (let i = nx * ny * z; i < nx * ny * (z + 1); i++) if (s.maskBrain[i] !== 0) voxels.push(i);
  const mask = new Uint8Array(nvox);
  for (const v of voxels) mask[v] = 1;
  const { maps } = inferVolume(
    network,
    { dims: s.dims, frames: nt, concentration, mask },
    { batchSize: 1024, mcSamples: 0, seed: 1 },
  );
  const curves = curvesAt(s.concentration, nvox, nt, voxels);
  const fit = fitVoxelBatch({
    model: '2cxm',
    curves,
    t: s.frameTimesS,
    ta: s.frameTimesS,
    ca: s.aifMeasured,
    fitDelay,
  });
  const pixels: MapPixel[] = [];
  voxels.forEach((v, k) => {
    const at = { x: v % nx, y: Math.floor(v / nx) % ny };
    const [fp, ps, vp] = fit.params.subarray(4 * k, 4 * k + 3);
    const add = (parameter: string, method: string, value: number) =>
      pixels.push({ ...at, parameter, method, value });
    add('Fp (1/s)', 'truth', s.truth.fpPerS[v]);
    add('Fp (1/s)', 'QTMnet', maps.fp[v]);
    add('Fp (1/s)', '2CXM', fp);
    add('Ktrans (1/s)', 'truth', s.truth.ktransPerS[v]);
    add('Ktrans (1/s)', 'QTMnet', maps.ktrans[v]);
    add('Ktrans (1/s)', '2CXM', ktransFromFlowAndPermeability(fp, ps));
    add('vp', 'truth', s.truth.vp[v]);
    add('vp', 'QTMnet', maps.vp[v]);
    add('vp', '2CXM', vp);
    add('|u| (m/s)', 'truth', s.truth.speedMmS[v] / 1000);
    add('|u| (m/s)', 'QTMnet', maps.u[v]);
  });
  return pixels;
}

/** Colour domain of a parameter: the range of its true values, so estimation outliers saturate instead. */
function truthRange(pixels: MapPixel[], parameter: string): [number, number] {
  const values = pixels
    .filter((p) => p.parameter === parameter && p.method === 'truth' && p.value > 0)
    .map((p) => p.value);
  return [Math.min(...values), Math.max(...values)];
}

/** Heat maps: rows = method, columns = parameter, one log colour scale per parameter (shared by methods, spanning the true values). */
export function slicePlotSpec(pixels: MapPixel[], title: string): TopLevelSpec {
  const columns = [...new Set(pixels.map((p) => p.parameter))];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    config: plotConfig,
    hconcat: columns.map((parameter) => ({
      data: {
        values: pixels.filter((p) => p.parameter === parameter && p.value > 0 && Number.isFinite(p.value)),
      },
      facet: { row: { field: 'method', type: 'nominal', sort: ['truth', 'QTMnet', '2CXM'] } },
      spec: {
        width: 150,
        height: 150,
        title: parameter,
        mark: 'rect',
        encoding: {
          x: { field: 'x', type: 'ordinal', axis: null },
          y: { field: 'y', type: 'ordinal', axis: null, sort: 'descending' },
          color: {
            field: 'value',
            type: 'quantitative',
            scale: { type: 'log', scheme: 'viridis', domain: truthRange(pixels, parameter), clamp: true },
            title: parameter,
          },
        },
      },
    })),
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}
