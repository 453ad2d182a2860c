/**
 * `qtm experiment cancel <experiment id>` on a running experiment (its own private stack, workers as
 * processes): the step in flight (training) is cancelled through its heartbeats, the experiment ends
 * CANCELLED in PostgreSQL and in Temporal, and no row or object is written after it was marked so.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../runtime/project-paths';
import { minioClient } from '../../storage/object-store-client';
import { type PrivateStack, startPrivateStack } from './support/private-stack';
import { ScenarioRun, sleep, waitFor } from './support/scenario-run';
import { tinyConfig } from './support/tiny-config';

jest.setTimeout(600_000);

let stack: PrivateStack;
let run: ScenarioRun | undefined;
beforeAll(async () => {
  stack = await startPrivateStack();
});
afterAll(async () => {
  await run?.close();
  await stack?.down();
});

test('a cancelled experiment stops its steps, ends CANCELLED, and nothing is written afterwards', async () => {
  const started = Date.now();
  // 200 epochs instead of 8: the cancel must land while training runs, however fast the backend is.
  run = await ScenarioRun.start(stack, 'cancel', tinyConfig('fault-cancel', 200));
  const scenario = run;
  const [experiment] = await waitFor('the experiment row', async () => {
    const rows = await scenario.query<{ id: string }>(`SELECT id FROM "Experiment"`);
    return rows.length > 0 ? rows : undefined;
  });
  await waitFor('training in flight', () => scenario.runningRuns('train-qtmnet'));

  const cli = await promisify(execFile)(
    process.execPath,
    [join(projectRoot(), 'dist/cli/main.js'), 'experiment', 'cancel', experiment.id],
    { env: { ...stack.env, DATABASE_URL: run.databaseUrl } },
  );
  expect(cli.stdout).toMatch(/cancelled: its steps stopped and it is marked CANCELLED/);
  expect((await run.handle.describe()).status.name).toBe('CANCELLED');
  const [row] = await run.query<{ status: string; finishedAt: Date }>(
    `SELECT status::text AS status, "finishedAt" FROM "Experiment" WHERE id = $1`,
    [experiment.id],
  );
  expect(row.status).toBe('CANCELLED');
  const marked = row.finishedAt.getTime();

  // The step in flight stopped on the cancellation and says so; nothing is left running.
  const runs = await run.query<{ kind: string; status: string; errorCode: string | null }>(
    `SELECT kind, status::text AS status, "errorCode" FROM "Run" WHERE kind = 'train-qtmnet'`,
  );
  expect(runs).toEqual([{ kind: 'train-qtmnet', status: 'FAILED', errorCode: 'CANCELLED' }]);
  expect(await run.runningRuns('train-qtmnet')).toBeUndefined();

  await sleep(5000); // time for any straggler to write, if there were one
  const later = await run.query<{ what: string }>(
    `SELECT 'run ' || kind AS what FROM "Run" WHERE "startedAt" > $1 OR "finishedAt" > $1
     UNION ALL SELECT 'dataset ' || kind FROM "Dataset" WHERE "createdAt" > $1
     UNION ALL SELECT 'artifact ' || kind FROM "Artifact" WHERE "createdAt" > $1
     UNION ALL SELECT 'lineage edge' FROM "LineageEdge" WHERE "createdAt" > $1
     UNION ALL SELECT 'metric ' || name FROM "Metric" WHERE "createdAt" > $1`,
    [row.finishedAt],
  );
  expect(later).toEqual([]);
  const objects: Array<{ name?: string; lastModified?: Date }> = [];
  for await (const o of minioClient(run.s3).listObjectsV2(run.s3.bucket, '', true)) objects.push(o);
  expect(objects.length).toBeGreaterThan(0);
  expect(objects.filter((o) => (o.lastModified?.getTime() ?? 0) > marked).map((o) => o.name)).toEqual([]);
  process.stdout.write(`cancellation scenario wall time ${(Date.now() - started) / 1000} s\n`);
});
