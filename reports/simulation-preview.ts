/**
 * Preview of a simulated subject as one PNG: tissue enhancement on the tumour's central slice at several
 * times, ground-truth maps (with the bolus-arrival map), and mean concentration curves in the enhancing rim,
 * necrosis, oedema, normal tissue and the measured artery. Vega-Lite through reports/plot-render.ts.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { SimulatedSubject } from '../perfusion/simulate/subject-simulation';
import { axialSlice, type MontagePanel, montageSpec } from './grading-montage';
import { plotConfig, type RenderedPlot, renderVegaLite } from './plot-render';

function nested(spec: TopLevelSpec): Record<string, unknown> {
  const { $schema: _schema, config: _config, ...rest } = spec as unknown as Record<string, unknown>;
  return rest;
}

export function simulationPreviewSpec(s: SimulatedSubject): TopLevelSpec {
  const [nx, ny, nz] = s.dims;
  const nImg = nx * ny * nz;
  const nt = s.frameTimesS.length;
  // Slice with the most enhancing voxels.
  const perSlice = new Int32Array(nz);
  s.maskTumour.forEach((l, v) => {
    if (l === 1) perSlice[Math.floor(v / (nx * ny))]++;
  });
  const z = perSlice.indexOf(Math.max(...perSlice));
  const panel = (title: string, volume: ArrayLike<number>): MontagePanel => ({
    title,
    values: axialSlice(volume, s.dims, z),
    width: nx,
    height: ny,
  });
  const peak = s.aifRoot.indexOf(Math.max(...s.aifRoot));
  const frames = [...new Set([peak, peak + 2, Math.floor(nt / 2), nt - 1].map((f) => Math.min(nt - 1, f)))];
  const enhancement = frames.map((f) =>
    panel(`C (mM) at ${s.frameTimesS[f]} s`, s.concentration.subarray(f * nImg, (f + 1) * nImg)),
  );
  const t = s.truth;
  const truth = [
    panel('|u| (mm/s)', t.speedMmS),
    panel(
      'Fp (mL/100 mL/min)',
      t.fpPerS.map((v) => v * 6000),
    ),
    panel(
      'PS (/min)',
      t.psPerS.map((v) => v * 60),
    ),
    panel('vp', t.vp),
    panel('ve', t.ve),
    panel(
      'Ktrans (/min)',
      t.ktransPerS.map((v) => v * 60),
    ),
    panel('arrival (s)', s.arrivalS),
    panel('labels', s.maskTumour),
  ];
  const regions: Array<[string, (v: number) => boolean]> = [
    ['enhancing rim', (v) => s.maskTumour[v] === 1],
    ['necrosis', (v) => s.maskTumour[v] === 2],
    ['oedema', (v) => s.maskTumour[v] === 3],
    ['normal', (v) => s.maskTumour[v] === 0 && s.maskArtery[v] === 0 && s.maskBrain[v] === 1],
  ];
  const rows: Array<{ t: number; c: number; region: string }> = [];
  for (const [name, inside] of regions) {
    const voxels = [...s.maskTumour.keys()].filter(inside);
    if (voxels.length === 0) continue;
    for (let f = 0; f < nt; f++)
      rows.push({
        t: s.frameTimesS[f],
        c: voxels.reduce((a, v) => a + s.concentration[f * nImg + v], 0) / voxels.length,
        region: name,
      });
  }
  for (let f = 0; f < nt; f++) {
    rows.push({ t: s.frameTimesS[f], c: s.aifMeasured[f] / 10, region: 'artery AIF (plasma) / 10' });
    rows.push({ t: s.frameTimesS[f], c: s.vofMeasured[f] / 10, region: 'sinus VOF (plasma) / 10' });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: { ...plotConfig, view: { stroke: null }, axis: { ...plotConfig.axis, grid: false } },
    title: { text: `Simulated ${s.grade.toUpperCase()} (seed ${s.seed}), slice z = ${z}`, anchor: 'start' },
    vconcat: [
      nested(montageSpec(enhancement, 'Tissue concentration', 3)),
      nested(montageSpec(truth.slice(0, 4), 'Ground truth', 3)),
      nested(montageSpec(truth.slice(4), '', 3)),
      {
        width: 520,
        height: 200,
        title: 'Mean concentration curves',
        data: { values: rows },
        mark: { type: 'line' },
        encoding: {
          x: { field: 't', type: 'quantitative', title: 'time (s)' },
          y: { field: 'c', type: 'quantitative', title: 'C (mM)' },
          color: { field: 'region', type: 'nominal', title: null },
        },
      },
    ],
  } as unknown as TopLevelSpec;
}

export function renderSimulationPreview(s: SimulatedSubject): Promise<RenderedPlot> {
  return renderVegaLite(simulationPreviewSpec(s), { scale: 1.5 });
}
