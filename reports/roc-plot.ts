/**
 * Vega-Lite spec of ROC curves of several scores on one plot, each with its bootstrap confidence band and
 * its AUC (DeLong CI) in the legend, plus the chance diagonal.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { RocPoint } from '../perfusion/grading/roc-auc';
import type { RocBandPoint } from '../perfusion/grading/roc-band';
import { plotConfig } from './plot-render';

export interface RocPlotCurve {
  /** Legend label, e.g. "qtmnet_u_mean (AUC 0.97, 0.92-1.00)". */
  label: string;
  curve: readonly RocPoint[];
  band?: readonly RocBandPoint[];
}

export function rocPlotSpec(curves: readonly RocPlotCurve[], title: string, size = 360): TopLevelSpec {
  const points = curves.flatMap((c) =>
    c.curve.map((p, order) => ({
      series: c.label,
      fpr: p.falsePositiveRate,
      tpr: p.truePositiveRate,
      order,
    })),
  );
  const band = curves.flatMap((c) =>
    (c.band ?? []).map((b) => ({
      series: c.label,
      fpr: b.falsePositiveRate,
      lower: b.lower,
      upper: b.upper,
    })),
  );
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: { domain: curves.map((c) => c.label) },
    legend: {
      orient: 'bottom' as const,
      direction: 'vertical' as const,
      labelLimit: 600,
      symbolType: 'stroke',
      symbolStrokeWidth: 3,
      symbolOpacity: 1,
    },
  };
  const axis = (t: string) => ({ type: 'quantitative' as const, scale: { domain: [0, 1] }, title: t });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: plotConfig,
    title,
    width: size,
    height: size,
    layer: [
      {
        data: {
          values: [
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ],
        },
        mark: { type: 'line', strokeDash: [4, 4], color: '#999999' },
        encoding: {
          x: { field: 'x', ...axis('1 - specificity (false-positive rate)') },
          y: { field: 'y', ...axis('sensitivity') },
        },
      },
      {
        data: { values: band },
        mark: { type: 'area', opacity: 0.18, interpolate: 'step-after' },
        encoding: {
          x: { field: 'fpr', type: 'quantitative' },
          y: { field: 'lower', type: 'quantitative' },
          y2: { field: 'upper' },
          color,
        },
      },
      {
        data: { values: points },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: { field: 'fpr', type: 'quantitative' },
          y: { field: 'tpr', type: 'quantitative' },
          order: { field: 'order' },
          color,
        },
      },
    ],
  };
}
