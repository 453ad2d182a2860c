/**
 * Faults on the real stack. On the suite's own servers (support/private-stack.ts), one undisturbed
 * reference run of the tiny experiment, then one run per fault: a cpu worker SIGKILLed during a
 * simulation and during a fit, the gpu worker SIGKILLed mid-training, the S3 server stopped for 60 s,
 * PostgreSQL restarted, and the Temporal server restarted while steps run. Each must end SUCCEEDED with
 * the reference's artifacts and metrics, no duplicate or orphan rows, and its failed attempts recorded as
 * such. Workers are separate `qtm worker` processes (dist/, built by `npm test`). Scenarios run one after
 * another, each timed (printed at the end).
 */

import { describeWorkflow } from '../../cli/experiment-status';
import type { ServerName } from '../../local-stack/stack-state';
import { openObjectStore } from '../../storage/object-store-client';
import { type Outcome, outcomeOf } from './support/outcome-audit';
import { type PrivateStack, startPrivateStack } from './support/private-stack';
import { expectLikeReference } from './support/reference-check';
import { ScenarioRun, sleep, waitFor } from './support/scenario-run';
import { tinyConfig } from './support/tiny-config';

jest.setTimeout(600_000);

let stack: PrivateStack;
let reference: Outcome;
const runs: ScenarioRun[] = [];
const wallTimes: Record<string, number> = {};

/** Starts the tiny experiment as scenario `name`; closed (and its wall time noted) after the test. */
async function scenario(name: string): Promise<ScenarioRun> {
  const run = await ScenarioRun.start(stack, name, tinyConfig('fault-tiny'));
  runs.push(run);
  return run;
}

async function closeRuns(): Promise<void> {
  for (const run of runs) wallTimes[run.name] = (Date.now() - run.startedAt) / 1000;
  await Promise.all(runs.splice(0).map((r) => r.close()));
}

beforeAll(async () => {
  stack = await startPrivateStack();
  const run = await scenario('reference');
  reference = await outcomeOf(run, await run.result());
  await closeRuns();
});

afterEach(closeRuns);

afterAll(async () => {
  await closeRuns();
  await stack?.down();
  process.stdout.write(`fault scenario wall times (s): ${JSON.stringify(wallTimes)}\n`);
});

/** Kills the cpu worker while runs of `kind` are in flight; exactly those runs end ATTEMPT_ABANDONED. */
async function killCpuWorkerDuring(name: string, kind: string): Promise<void> {
  const run = await scenario(name);
  await waitFor(`a ${kind} run in flight`, () => run.runningRuns(kind));
  run.killWorker('cpu');
  await sleep(500); // the replacement takes seconds to start, so what is RUNNING now died with the worker
  const killed = (await run.runningRuns(kind)) ?? [];
  const unsuccessful = await expectLikeReference(run, await run.result(), reference);
  expect(killed.length).toBeGreaterThanOrEqual(1);
  expect(unsuccessful.map((a) => a.id).sort()).toEqual([...killed].sort());
  for (const a of unsuccessful)
    expect(a).toMatchObject({ kind, status: 'FAILED', errorCode: 'ATTEMPT_ABANDONED' });
}

test('a cpu worker SIGKILLed during a simulation: the subject is simulated again elsewhere', () =>
  killCpuWorkerDuring('cpu-kill-simulate', 'simulate-subject'));

test('a cpu worker SIGKILLed during a fit: the fit runs again elsewhere', () =>
  killCpuWorkerDuring('cpu-kill-fit', 'fit-2cxm'));

test('the gpu worker SIGKILLed mid-training: training resumes from its last checkpoint', async () => {
  const run = await scenario('gpu-kill-train');
  const checkpoint = await waitFor('a training checkpoint in a heartbeat', async () => {
    const pending = (await run.handle.describe()).raw.pendingActivities ?? [];
    const data = pending.find((a) => a.activityType?.name === 'trainQtmnet')?.heartbeatDetails?.payloads?.[0]
      ?.data;
    return data
      ? (JSON.parse(Buffer.from(data).toString()) as { checkpoint?: string }).checkpoint
      : undefined;
  });
  run.killWorker('gpu');
  const result = await run.result();
  const unsuccessful = await expectLikeReference(run, result, reference, [
    'train-qtmnet resumed_from_step step null fold null',
  ]);
  expect(unsuccessful.map(({ id: _, ...attempt }) => attempt)).toEqual([
    { kind: 'train-qtmnet', attempt: 1, status: 'FAILED', errorCode: 'ATTEMPT_ABANDONED' },
  ]);
  const [resumed] = await run.query<{ value: number }>(
    `SELECT value FROM "Metric" WHERE name = 'resumed_from_step'`,
  );
  expect(resumed.value).toBeGreaterThanOrEqual(5);
  // The checkpoint the heartbeat carried was recorded under the training step's key; the retry resumed
  // from that one or a newer one, and once the model was recorded retention removed them all.
  const [reported] = await run.query<{ step: number; removed: boolean }>(
    `SELECT step, "removedAt" IS NOT NULL AS removed FROM "Checkpoint" WHERE sha256 = $1`,
    [checkpoint],
  );
  expect(resumed.value).toBeGreaterThanOrEqual(reported.step);
  expect(reported.removed).toBe(true);
  expect(await (await openObjectStore(run.s3)).exists(checkpoint)).toBe(false);
  // The training set is a step of its own: the retried training downloaded it, nothing simulated it again.
  const inputs = await run.query<{ status: string }>(
    `SELECT status::text AS status FROM "Run" WHERE kind = 'training-input'`,
  );
  expect(inputs).toEqual([{ status: 'SUCCEEDED' }]);
});

/** Stops `server` once runs of `kind` are in flight, waits `downMs`, starts it again; returns the scenario. */
async function restartDuring(
  name: string,
  server: ServerName,
  kind: string,
  downMs: number,
): Promise<ScenarioRun> {
  const run = await scenario(name);
  await waitFor(`a ${kind} run in flight`, () => run.runningRuns(kind));
  const stopped = Date.now();
  await stack.stop(server);
  await sleep(downMs - (Date.now() - stopped));
  await stack.start(server);
  return run;
}

test('the S3 server stopped for 60 s during uploads: the steps retry until it is back', async () => {
  const run = await scenario('s3-outage');
  await waitFor('a simulate-subject run in flight', () => run.runningRuns('simulate-subject'));
  const stopped = Date.now();
  await stack.stop('s3');
  // While the server is down, the retrying step says why (what `qtm experiment show` prints).
  const retrying = await waitFor('a step retrying after an S3 failure', async () =>
    (await describeWorkflow(run.handle))?.pending.find((p) => p.lastFailureType === 'NET:ECONNREFUSED'),
  );
  expect(retrying.lastFailure).toMatch(/retrying: connect ECONNREFUSED/);
  await sleep(60_000 - (Date.now() - stopped));
  await stack.start('s3');
  const unsuccessful = await expectLikeReference(run, await run.result(), reference);
  // Refused connections while it is down, 5xx while it starts up; attempts whose failure could not be
  // recorded are closed by their successor.
  expect(unsuccessful.map((a) => a.errorCode)).toContain('NET:ECONNREFUSED');
  for (const a of unsuccessful)
    expect(a.errorCode).toMatch(/^(NET:ECONN(REFUSED|RESET)|HTTP:5\d\d|S3:\w+|ATTEMPT_ABANDONED)$/);
});

test('PostgreSQL restarted mid-experiment: steps retry and record each attempt', async () => {
  const run = await restartDuring('postgres-restart', 'postgres', 'fit-2cxm', 15_000);
  const unsuccessful = await expectLikeReference(run, await run.result(), reference);
  // Attempts that met the restart failed with a PostgreSQL code, or, when even that could not be recorded,
  // were closed by their successor.
  expect(unsuccessful.length).toBeGreaterThanOrEqual(1);
  for (const a of unsuccessful) {
    expect(a.status).toBe('FAILED');
    expect(a.errorCode).toMatch(/^(ATTEMPT_ABANDONED|PG:\w+|PRISMA:P\d{4}|DB_UNREACHABLE|NET:\w+)$/);
  }
});

test('the Temporal server restarted with activities in flight: the experiment completes', async () => {
  const run = await restartDuring('temporal-restart', 'temporal', 'fit-2cxm', 3_000);
  await expectLikeReference(run, await run.result(), reference);
});
