/** Vega-Lite spec of feature box plots by class (one panel per feature, own y scale), subjects as points. */
import type { TopLevelSpec } from 'vega-lite';
import { plotConfig } from './plot-render';

export interface BoxPlotFeature {
  name: string;
  values: ArrayLike<number>;
}

/** `classOf[i]` is subject i's class label; every feature has one value per subject. */
export function featureBoxPlotSpec(
  features: readonly BoxPlotFeature[],
  classOf: readonly string[],
  title: string,
): TopLevelSpec {
  const values = features.flatMap((f) =>
    Array.from(f.values, (v, i) => ({ feature: f.name, grade: classOf[i], value: v, subject: i })),
  );
  const x = { field: 'grade', type: 'nominal' as const, title: null, axis: { labelAngle: 0 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: plotConfig,
    title,
    data: { values },
    facet: { field: 'feature', type: 'nominal', title: null, header: { labelFontSize: 12, labelLimit: 260 } },
    columns: Math.min(3, features.length),
    spec: {
      width: 180,
      height: 180,
      layer: [
        {
          mark: { type: 'boxplot', extent: 'min-max', opacity: 0.5, size: 40 },
          encoding: {
            x,
            y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
            color: { field: 'grade', type: 'nominal', legend: null },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 25, opacity: 0.8, color: 'black' },
          encoding: {
            x,
            xOffset: { field: 'jitter', type: 'quantitative', scale: { domain: [-1, 1] } },
            y: { field: 'value', type: 'quantitative' },
          },
          // Deterministic jitter from the subject index, so tied values (ordinal grades) stay visible.
          transform: [{ calculate: 'sin(datum.subject * 12.9898 + 1) * 0.8', as: 'jitter' }],
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  };
}
