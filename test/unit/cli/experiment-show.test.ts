/** `qtm experiment show` as text: stages, steps, metrics, failures and what Temporal has in flight. */
import { formatStatus } from '../../../cli/commands/experiment-show';
import type { ExperimentStatus } from '../../../cli/experiment-status';

const t0 = new Date(Date.UTC(2026, 0, 1, 12));
const later = (s: number) => new Date(t0.getTime() + s * 1000);

const status = {
  experiment: {
    id: '12345678-aaaa-bbbb-cccc-0123456789ab',
    name: 'demo',
    status: 'RUNNING',
    configHash: 'f'.repeat(64),
    codeVersion: 'git:abc',
    workflowId: 'demo-1',
    createdAt: t0,
    finishedAt: null,
  },
  stages: [
    {
      stage: 'fit',
      total: 2,
      done: 1,
      cached: 0,
      running: 0,
      failed: 0,
      retries: 1,
      startedAt: t0,
      finishedAt: later(30),
      queued: 1,
      retrying: 1,
      lastFailure: 'S3 at http://x is unreachable',
    },
  ],
  steps: [
    {
      stage: 'fit',
      kind: 'fit-2cxm',
      stepKey: 'a'.repeat(64),
      status: 'SUCCEEDED',
      attempts: 2,
      cached: false,
      startedAt: t0,
      finishedAt: later(30),
      durationMs: 20_000,
      workerIdentity: 'cpu@h:1',
      computeBackend: null,
      output: { table: 'dataset', sha256: 'b'.repeat(64), kind: 'maps', byteSize: 1n, producer: null },
      inputs: [],
      metrics: [{ id: 1n, name: 'rmse', value: 0.123456789, step: null, fold: null }],
      lastFailure: { attempt: 1, code: 'S3_UNREACHABLE', message: 'S3 at http://x is unreachable\nmore' },
    },
  ],
  workflow: {
    status: 'RUNNING',
    pending: [
      {
        activityId: '9',
        activityType: 'fitSubject',
        stage: 'fit',
        state: 'scheduled',
        attempt: 3,
        maximumAttempts: 5,
        lastFailure: 'S3 at http://x is unreachable',
        lastStartedAt: later(40),
        lastHeartbeatAt: null,
        nextAttemptAt: later(64),
        worker: 'cpu@h:1',
      },
    ],
  },
} as unknown as ExperimentStatus;

test('lists stages, steps, metrics, the last failure and the retrying activity', () => {
  const text = formatStatus(status, later(60));
  expect(text).toContain(
    'experiment demo 12345678-aaaa-bbbb-cccc-0123456789ab RUNNING (workflow demo-1: RUNNING)',
  );
  expect(text).toContain(
    '  fit       [##########----------]      1/2  1 queued  1 retrying  1:00  ETA 1:00  last failure: S3 at http://x is unreachable',
  );
  expect(text).toMatch(/^ {2}fit +fit-2cxm +SUCCEEDED +2 +0:20 +- +maps bbbbbbbbbbbb +1$/m);
  expect(text).toContain('  fit-2cxm maps bbbbbbbbbbbb\n    rmse = 0.123457');
  expect(text).toContain(
    '  fit-2cxm attempt 1 (SUCCEEDED now): S3_UNREACHABLE: S3 at http://x is unreachable\n',
  );
  expect(text).toContain(
    'in flight (Temporal)\n  fitSubject scheduled, attempt 3/5 on cpu@h:1, next attempt in 0:04\n    last failure: S3 at http://x is unreachable\n',
  );
});
