/** Steps and stages from Run rows: attempts grouped by step key, cache hits, reused metrics, last failures. */
import { join } from 'node:path';
import { plannedStageTotals } from '../../../contracts/experiment-stages';
import { readExperimentConfig } from '../../../formats/experiment-config';
import type { RunObject, RunRecord } from '../../../storage/experiment-queries';
import { gradingReport, summariseStages, summariseSteps } from '../../../storage/experiment-steps';

const key = (c: string) => c.repeat(64);
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

function run(p: Partial<RunRecord> & Pick<RunRecord, 'id' | 'kind'>): RunRecord {
  return {
    status: 'SUCCEEDED',
    attempt: 1,
    workerIdentity: 'cpu@host:1',
    computeBackend: null,
    stepKey: null,
    startedAt: at(0),
    finishedAt: at(10),
    errorCode: null,
    errorMessage: null,
    used: [],
    produced: [],
    metrics: [],
    ...p,
  };
}

function object(sha: string, kind: string, producer: RunObject['producer']): RunObject {
  return { table: 'dataset', sha256: key(sha), kind, byteSize: 10n, producer };
}

const subject = object('a', 'subject', { runId: 'sim', stepKey: key('1'), metrics: [] });
const auc = { id: 7n, name: 'auc:2cxm_vp_mean', value: 0.8, step: null, fold: null };
const runs: RunRecord[] = [
  run({ id: 'sim', kind: 'simulate-subject', stepKey: key('1'), produced: [subject] }),
  // a fit that failed once (its worker raised) and then succeeded
  run({
    id: 'fit1',
    kind: 'fit-2cxm',
    stepKey: key('2'),
    status: 'FAILED',
    startedAt: at(11),
    finishedAt: at(12),
    errorCode: 'S3_UNREACHABLE',
    errorMessage: 'S3 at http://x is unreachable',
    used: [subject],
  }),
  run({
    id: 'fit2',
    kind: 'fit-2cxm',
    stepKey: key('2'),
    attempt: 2,
    startedAt: at(14),
    finishedAt: at(20),
    used: [subject],
    produced: [object('b', 'maps', { runId: 'fit2', stepKey: key('2'), metrics: [] })],
  }),
  // a grading served by the step cache: it used the report made by an earlier experiment's run
  run({
    id: 'grade',
    kind: 'grade-cohort',
    stepKey: key('3'),
    startedAt: at(21),
    finishedAt: at(21),
    used: [subject, object('c', 'report', { runId: 'earlier', stepKey: key('3'), metrics: [auc] })],
  }),
  run({ id: 'train', kind: 'train-qtmnet', stepKey: key('4'), status: 'RUNNING', finishedAt: null }),
];

describe('summariseSteps', () => {
  const steps = summariseSteps(runs);

  it('groups attempts by step key and reports the latest attempt with the last failure', () => {
    expect(steps.map((s) => s.kind)).toEqual([
      'simulate-subject',
      'fit-2cxm',
      'grade-cohort',
      'train-qtmnet',
    ]);
    const fit = steps[1];
    expect(fit).toMatchObject({
      stage: 'fit',
      status: 'SUCCEEDED',
      attempts: 2,
      cached: false,
      durationMs: 6000,
    });
    expect(fit.lastFailure).toEqual({
      attempt: 1,
      code: 'S3_UNREACHABLE',
      message: 'S3 at http://x is unreachable',
    });
    expect(fit.output?.sha256).toBe(key('b'));
    expect(fit.inputs.map((i) => i.sha256)).toEqual([key('a')]);
  });

  it('tells a cache hit by the reused object made under its own step key, and shows that run’s metrics', () => {
    const grade = steps[2];
    expect(grade.cached).toBe(true);
    expect(grade.output?.sha256).toBe(key('c'));
    expect(grade.inputs.map((i) => i.sha256)).toEqual([key('a')]);
    expect(grade.metrics).toEqual([auc]);
    expect(steps[0].cached).toBe(false);
    expect(gradingReport(steps)?.sha256).toBe(key('c'));
  });

  it('counts stages against the planned totals', () => {
    const stages = summariseStages(steps, { simulate: 3, fit: 3, train: 1, infer: 3, grade: 1 });
    expect(stages.map((s) => [s.stage, s.done, s.total, s.cached, s.running, s.failed, s.retries])).toEqual([
      ['simulate', 1, 3, 0, 0, 0, 0],
      ['fit', 1, 3, 0, 0, 0, 1],
      ['train', 0, 1, 0, 1, 0, 0],
      ['infer', 0, 3, 0, 0, 0, 0],
      ['grade', 1, 1, 1, 0, 0, 0],
    ]);
    expect(stages[1].startedAt).toEqual(at(11));
    expect(stages[1].finishedAt).toEqual(at(20));
  });
});

describe('plannedStageTotals', () => {
  const tiny = readExperimentConfig(join(__dirname, '../../fixtures/experiments/tiny.yaml'));

  it('plans one step per subject for simulate, infer and features, per subject and fit for fit, the training input and the training, and one grading', () => {
    const planned = { simulate: 6, fit: 6, train: 2, infer: 6, features: 6, grade: 1 };
    expect(plannedStageTotals(tiny)).toEqual(planned);
    const twoAifs = { ...tiny, fit: [{ model: '2cxm', aif: ['artery', 'corrected'] }] };
    expect(plannedStageTotals(twoAifs)).toEqual({ ...planned, fit: 12 });
  });

  it('leaves out QTMnet stages without qtmnet, and plans nothing for a config it cannot read', () => {
    const { qtmnet: _, grading, ...rest } = tiny;
    const withoutQtmnet = {
      ...rest,
      grading: grading && { ...grading, primary: { '2cxm': grading.primary['2cxm'] } },
    };
    expect(plannedStageTotals(withoutQtmnet)).toEqual({ simulate: 6, fit: 6, features: 6, grade: 1 });
    expect(plannedStageTotals({ name: 'old', cohort: 'not an object' })).toEqual({});
  });
});
