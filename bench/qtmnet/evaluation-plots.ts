/**
 * Vega-Lite specs for the evaluation: predicted vs true scatter per parameter and method (log axes, identity
 * line), and the training curve (train and validation loss per epoch) from the model metadata.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { EpochRecord } from '../../perfusion/qtmnet/checkpoint';
import { plotConfig } from '../../reports/plot-render';

export interface ScatterPoint {
  roi: string;
  parameter: string;
  method: string;
  truth: number;
  estimate: number;
}

export function scatterSpec(points: ScatterPoint[], title: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    config: plotConfig,
    data: { values: points.filter((p) => p.truth > 0 && p.estimate > 0 && Number.isFinite(p.estimate)) },
    facet: { row: { field: 'method', type: 'nominal' }, column: { field: 'parameter', type: 'nominal' } },
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: 170,
      height: 170,
      layer: [
        {
          mark: { type: 'point', size: 6, opacity: 0.35, filled: true },
          encoding: {
            x: { field: 'truth', type: 'quantitative', scale: { type: 'log' }, title: 'true (SI)' },
            y: { field: 'estimate', type: 'quantitative', scale: { type: 'log' }, title: 'estimated (SI)' },
            color: { field: 'roi', type: 'nominal' },
          },
        },
        {
          // Identity line from the smallest to the largest true value of the panel.
          mark: { type: 'rule', color: 'black', strokeDash: [4, 3] },
          encoding: {
            x: { field: 'truth', type: 'quantitative', aggregate: 'min' },
            x2: { field: 'truth', aggregate: 'max' },
            y: { field: 'truth', type: 'quantitative', aggregate: 'min' },
            y2: { field: 'truth', aggregate: 'max' },
          },
        },
      ],
    },
  } as TopLevelSpec;
}

export function trainingCurveSpec(history: readonly EpochRecord[]): TopLevelSpec {
  const values = history.flatMap((h) => [
    { epoch: h.epoch + 1, loss: h.trainLoss, set: 'training' },
    { epoch: h.epoch + 1, loss: h.validationLoss, set: 'validation' },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'QTMnet training curve (MSE of standardised log parameters)',
    config: plotConfig,
    width: 360,
    height: 220,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative' },
      y: { field: 'loss', type: 'quantitative', scale: { zero: false } },
      color: { field: 'set', type: 'nominal' },
    },
  };
}
