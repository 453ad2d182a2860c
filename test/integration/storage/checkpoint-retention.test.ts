/**
 * Training checkpoints recorded under their step's key (storage/recorded-checkpoint-store.ts) on a real
 * PostgreSQL and S3 server: whichever run of the same step key comes next loads the newest; saving keeps
 * the newest two objects of a step and removes the older ones (rows stay, stamped); a succeeded step's
 * checkpoints all go; other steps' are untouched.
 */
import { createHash } from 'node:crypto';
import type { Settings } from '../../../runtime/settings';
import { KEEP_CHECKPOINTS } from '../../../storage/checkpoint-records';
import { migrateDatabase } from '../../../storage/migrate';
import { openObjectStore } from '../../../storage/object-store-client';
import { RecordedCheckpointStore, retireCheckpoints } from '../../../storage/recorded-checkpoint-store';
import { openResultsRepository, type ResultsRepository } from '../../../storage/results-repository';
import { createFreshDatabase, type FreshDatabase, withClient } from '../db/fresh-database';
import { createTestBucket, removeTestBucket } from '../support/test-bucket';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
let db: FreshDatabase;
let results: ResultsRepository;
let s3: Settings['s3'];

beforeAll(async () => {
  db = await createFreshDatabase();
  await migrateDatabase({ databaseUrl: db.url });
  results = await openResultsRepository(db.url);
  s3 = await createTestBucket();
});
afterAll(async () => {
  await results.close();
  await db.drop();
  await removeTestBucket(s3);
});

async function trainingRun(attempt = 1): Promise<string> {
  const experiment = await results.createExperiment({
    name: 'checkpoint-test',
    config: { attempt, at: Math.random() },
    codeVersion: 'test',
  });
  return (await results.startRun({ experimentId: experiment.id, kind: 'train-qtmnet', attempt })).id;
}

test('the newest checkpoint of a step key is what any later run of it resumes from; older ones are removed', async () => {
  const store = await openObjectStore(s3);
  const stepKey = sha('train step');
  const otherStep = sha('another train step');
  const saved: Array<[number, string]> = [];
  const first = new RecordedCheckpointStore(store, results, { stepKey, runId: await trainingRun() }, (s, h) =>
    saved.push([s, h]),
  );
  const other = new RecordedCheckpointStore(
    store,
    results,
    { stepKey: otherStep, runId: await trainingRun() },
    () => undefined,
  );
  expect(await first.loadLatest()).toBeUndefined();
  await other.save(3, Buffer.from('other step, checkpoint 3'));
  for (const step of [5, 10, 15, 20]) await first.save(step, Buffer.from(`checkpoint ${step}`));
  expect(saved.map(([s]) => s)).toEqual([5, 10, 15, 20]);

  // A new workflow running the same step (same key, another run) resumes from the newest.
  const resumed = new RecordedCheckpointStore(
    store,
    results,
    { stepKey, runId: await trainingRun(2) },
    () => undefined,
  );
  expect((await resumed.loadLatest())?.toString()).toBe('checkpoint 20');

  const rows = await withClient(
    db.url,
    async (c) =>
      (
        await c.query<{ step: number; removed: boolean; sha256: string }>(
          `SELECT step, "removedAt" IS NOT NULL AS removed, sha256 FROM "Checkpoint" WHERE "stepKey" = $1 ORDER BY step`,
          [stepKey],
        )
      ).rows,
  );
  expect(rows.map((r) => [r.step, r.removed])).toEqual([
    [5, true],
    [10, true],
    [15, false],
    [20, false],
  ]);
  expect(KEEP_CHECKPOINTS).toBe(2);
  for (const r of rows) expect(await store.exists(r.sha256)).toBe(!r.removed);

  // The step succeeded: its checkpoints go, the other step's stay.
  expect(await retireCheckpoints(store, results, stepKey, 0)).toBe(2);
  expect(await retireCheckpoints(store, results, stepKey, 0)).toBe(0);
  for (const [, h] of saved) expect(await store.exists(h)).toBe(false);
  expect(await resumed.loadLatest()).toBeUndefined();
  expect((await other.loadLatest())?.toString()).toBe('other step, checkpoint 3');
});

test('saving the same checkpoint twice (a retried call) records it once', async () => {
  const store = await openObjectStore(s3);
  const stepKey = sha('retried save');
  const checkpoints = new RecordedCheckpointStore(
    store,
    results,
    { stepKey, runId: await trainingRun() },
    () => undefined,
  );
  await checkpoints.save(7, Buffer.from('checkpoint 7'));
  await checkpoints.save(7, Buffer.from('checkpoint 7'));
  const [{ n }] = await withClient(
    db.url,
    async (c) =>
      (await c.query<{ n: string }>(`SELECT count(*) AS n FROM "Checkpoint" WHERE "stepKey" = $1`, [stepKey]))
        .rows,
  );
  expect(n).toBe('1');
});
