/** `qtm experiment compare`: config changes by dotted path and metric changes by step and name. */
import { configDiff, metricDiff } from '../../../cli/experiment-diff';
import type { StepSummary } from '../../../storage/experiment-steps';

describe('configDiff', () => {
  it('lists changed, added and removed keys by path, comparing arrays whole', () => {
    const a = {
      name: 'a',
      cohort: { lgg: 3, simulator: { imaging: { matrix: [16, 16, 4] } } },
      fit: { model: '2cxm' },
    };
    const b = {
      name: 'a',
      cohort: { lgg: 5, simulator: { imaging: { matrix: [32, 32, 8] } } },
      qtmnet: { x: 1 },
    };
    expect(configDiff(a, b)).toEqual([
      { path: 'cohort.lgg', a: 3, b: 5 },
      { path: 'cohort.simulator.imaging.matrix', a: [16, 16, 4], b: [32, 32, 8] },
      { path: 'fit.model', a: '2cxm', b: undefined },
      { path: 'qtmnet.x', a: undefined, b: 1 },
    ]);
    expect(configDiff(a, structuredClone(a))).toEqual([]);
  });
});

describe('metricDiff', () => {
  const step = (kind: string, metrics: Array<[string, number, number | null]>) =>
    ({
      kind,
      metrics: metrics.map(([name, value, fold], i) => ({ id: BigInt(i), name, value, step: null, fold })),
    }) as unknown as StepSummary;

  it('pairs metrics by step and name (and fold), largest change first, then those on one side only', () => {
    const a = [
      step('grade-cohort', [
        ['auc:x', 0.7, null],
        ['auc:y', 0.9, null],
        ['auc:z', 0.5, null],
      ]),
      step('train-qtmnet', [['loss', 1, 0]]),
    ];
    const b = [
      step('grade-cohort', [
        ['auc:x', 0.8, null],
        ['auc:y', 0.6, null],
      ]),
      step('train-qtmnet', [['loss', 1, 1]]),
    ];
    const rows = metricDiff(a, b).map((r) => ({
      ...r,
      delta: r.delta === null ? null : Number(r.delta.toFixed(6)),
    }));
    expect(rows).toEqual([
      { key: 'grade-cohort auc:y', a: 0.9, b: 0.6, delta: -0.3 },
      { key: 'grade-cohort auc:x', a: 0.7, b: 0.8, delta: 0.1 },
      { key: 'grade-cohort auc:z', a: 0.5, b: null, delta: null },
      { key: 'train-qtmnet loss fold 0', a: 1, b: null, delta: null },
      { key: 'train-qtmnet loss fold 1', a: null, b: 1, delta: null },
    ]);
  });
});
