import { createHash } from 'node:crypto';
import { DatabaseError } from '../../../storage/db-error';
import { migrateDatabase } from '../../../storage/migrate';
import { openResultsRepository, type ResultsRepository } from '../../../storage/results-repository';
import { createFreshDatabase, type FreshDatabase, withClient } from './fresh-database';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const object = (name: string, byteSize = 100) => ({
  sha256: sha(name),
  kind: 'training-set',
  objectKey: `objects/sha256/${sha(name).slice(0, 2)}/${sha(name)}`,
  byteSize,
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DatabaseError);
  return (err as DatabaseError).code;
}

describe('results repository on a real PostgreSQL', () => {
  let db: FreshDatabase;
  let results: ResultsRepository;
  beforeAll(async () => {
    db = await createFreshDatabase();
    await migrateDatabase({ databaseUrl: db.url });
    results = await openResultsRepository(db.url);
  });
  afterAll(async () => {
    await results.close();
    await db.drop();
  });

  it('records an experiment once per workflow id, hashing its canonical config', async () => {
    const first = await results.createExperiment({
      name: 'demo',
      config: { seed: 1, aif: { model: 'parker', dt: 2 } },
      codeVersion: 'abc123',
      workflowId: 'wf-1',
    });
    const retry = await results.createExperiment({
      name: 'demo',
      config: { aif: { dt: 2, model: 'parker' }, seed: 1 },
      codeVersion: 'abc123',
      workflowId: 'wf-1',
    });
    expect(retry.id).toBe(first.id);
    const reused = results.createExperiment({
      name: 'demo',
      config: { seed: 2 },
      codeVersion: 'abc123',
      workflowId: 'wf-1',
    });
    expect(await codeOf(reused)).toBe('RESULT_CONFLICT');
    expect(first.configHash).toBe(sha('{"aif":{"dt":2,"model":"parker"},"seed":1}'));
    expect(first.status).toBe('RUNNING');
    const done = await results.finishExperiment(first.id, 'SUCCEEDED');
    expect(done.status).toBe('SUCCEEDED');
    expect(done.finishedAt).toBeInstanceOf(Date);
  });

  it('runs: start, finish and fail, one row per attempt, found by step key only when succeeded', async () => {
    const experiment = await results.createExperiment({ name: 'runs', config: {}, codeVersion: 'v1' });
    const stepKey = sha('step-a');
    const failed = await results.startRun({
      experimentId: experiment.id,
      kind: 'parker-aif',
      stepKey,
      workerIdentity: 'cpu@host:1',
      computeBackend: 'JS',
    });
    expect([failed.status, failed.attempt]).toEqual(['RUNNING', 1]);
    expect(await results.findRunByStepKey(stepKey)).toBeNull();
    const failure = await results.failRun(failed.id, { code: 'S3_UNAVAILABLE', message: 'S3 answered 503' });
    expect([failure.status, failure.errorCode, failure.errorMessage]).toEqual([
      'FAILED',
      'S3_UNAVAILABLE',
      'S3 answered 503',
    ]);
    expect(await results.findRunByStepKey(stepKey)).toBeNull();

    const retried = await results.startRun({
      experimentId: experiment.id,
      kind: 'parker-aif',
      stepKey,
      attempt: 2,
    });
    const dataset = await results.recordDataset({
      ...object('aif-dataset'),
      kind: 'aif',
      producedByRunId: retried.id,
    });
    await results.finishRun(retried.id);
    const cached = await results.findRunByStepKey(stepKey);
    expect(cached).toMatchObject({ id: retried.id, attempt: 2, status: 'SUCCEEDED' });
    expect(cached?.finishedAt).toBeInstanceOf(Date);
    expect(cached?.datasets.map((d) => d.id)).toEqual([dataset.id]);
    expect(cached?.artifacts).toEqual([]);
  });

  it('records objects idempotently by sha256 and refuses one hash naming two objects', async () => {
    const experiment = await results.createExperiment({ name: 'objects', config: {}, codeVersion: 'v1' });
    const run = await results.startRun({ experimentId: experiment.id, kind: 'simulate-shard' });
    const again = await results.startRun({ experimentId: experiment.id, kind: 'simulate-shard', attempt: 2 });
    const a = await results.recordDataset({ ...object('shared'), producedByRunId: run.id });
    const b = await results.recordDataset({ ...object('shared'), producedByRunId: again.id });
    const c = await results.recordDataset({ ...object('shared'), producedByRunId: again.id });
    expect([b.id, c.id]).toEqual([a.id, a.id]);
    expect(a.byteSize).toBe(100n);
    expect(a.producedByRunId).toBe(run.id);
    const rows = await withClient(db.url, (q) =>
      q.query(`SELECT "runId", direction FROM "LineageEdge" WHERE "datasetId" = $1 ORDER BY id`, [a.id]),
    );
    expect(rows.rows).toEqual([
      { runId: run.id, direction: 'PRODUCED' },
      { runId: again.id, direction: 'PRODUCED' },
    ]);
    expect(await codeOf(results.recordDataset({ ...object('shared', 101) }))).toBe('RESULT_CONFLICT');
    // Workers racing to record the same new bytes all get the one row.
    const raced = await Promise.all(
      [1, 2, 3, 4].map(() => results.recordDataset({ ...object('raced'), producedByRunId: run.id })),
    );
    expect(new Set(raced.map((d) => d.id)).size).toBe(1);
    const artifact = await results.recordArtifact({ ...object('model'), kind: 'model' });
    expect((await results.recordArtifact({ ...object('model'), kind: 'model' })).id).toBe(artifact.id);
  });

  it('walks lineage from a metric back to datasets, runs, configs and code versions', async () => {
    const sim = await results.createExperiment({
      name: 'simulate',
      config: { seed: 7 },
      codeVersion: 'sim-v1',
    });
    const paper = await results.createExperiment({
      name: 'paper',
      config: { folds: 5 },
      codeVersion: 'paper-v2',
    });
    const simulate = await results.startRun({ experimentId: sim.id, kind: 'simulate-dataset' });
    const trainingSet = await results.recordDataset({ ...object('training'), producedByRunId: simulate.id });
    const cohortImport = await results.startRun({ experimentId: paper.id, kind: 'import-cohort' });
    const cohort = await results.recordDataset({
      ...object('cohort'),
      kind: 'cohort',
      producedByRunId: cohortImport.id,
    });
    const train = await results.startRun({
      experimentId: paper.id,
      kind: 'train-qtmnet',
      computeBackend: 'TFJS_WASM',
    });
    await results.addLineage(train.id, 'USED', { datasetId: trainingSet.id });
    await results.addLineage(train.id, 'USED', { datasetId: trainingSet.id });
    const model = await results.recordArtifact({
      ...object('weights'),
      kind: 'model',
      producedByRunId: train.id,
    });
    const score = await results.startRun({ experimentId: paper.id, kind: 'score-cohort' });
    await results.addLineage(score.id, 'USED', { artifactId: model.id });
    await results.addLineage(score.id, 'USED', { datasetId: cohort.id });
    const auc = await results.recordMetric({ runId: score.id, name: 'auc', value: 0.97, fold: 2 });
    // An unrelated run on the same training set must not appear in the metric's lineage.
    const unrelated = await results.startRun({ experimentId: paper.id, kind: 'fit-2cxm' });
    await results.addLineage(unrelated.id, 'USED', { datasetId: trainingSet.id });

    const graph = await results.lineageOf({ metricId: auc.id });
    expect(graph.metric).toMatchObject({ name: 'auc', value: 0.97, fold: 2, step: null });
    expect(graph.runs.map((r) => r.kind).sort()).toEqual([
      'import-cohort',
      'score-cohort',
      'simulate-dataset',
      'train-qtmnet',
    ]);
    expect(graph.experiments.map((e) => [e.name, e.codeVersion, e.config])).toEqual([
      ['simulate', 'sim-v1', { seed: 7 }],
      ['paper', 'paper-v2', { folds: 5 }],
    ]);
    expect(graph.datasets.map((d) => d.id).sort()).toEqual([trainingSet.id, cohort.id].sort());
    expect(graph.artifacts.map((a) => a.id)).toEqual([model.id]);
    expect(graph.edges).toHaveLength(6); // 3 produced + 3 used; the duplicate USED edge was stored once
    expect(graph.edges.some((e) => e.runId === unrelated.id)).toBe(false);

    const fromDataset = await results.lineageOf({ datasetId: trainingSet.id });
    expect(fromDataset.runs.map((r) => r.id)).toEqual([simulate.id]);
    expect(fromDataset.experiments.map((e) => e.configHash)).toEqual([sim.configHash]);
    const fromModel = await results.lineageOf({ artifactId: model.id });
    expect(fromModel.runs.map((r) => r.id).sort()).toEqual([simulate.id, train.id].sort());
  });

  it('records each metric once per (run, name, step, fold), nulls included', async () => {
    const experiment = await results.createExperiment({ name: 'metrics', config: {}, codeVersion: 'v1' });
    const run = await results.startRun({ experimentId: experiment.id, kind: 'grade-cohort' });
    const first = await results.recordMetric({ runId: run.id, name: 'auc', value: 0.8 });
    const again = await results.recordMetric({ runId: run.id, name: 'auc', value: 0.8 });
    expect(again.id).toBe(first.id);
    await results.recordMetric({ runId: run.id, name: 'auc', value: 0.7, fold: 1 });
    await results.recordMetric({ runId: run.id, name: 'loss', value: 0.1, step: 5 });
    expect(await codeOf(results.recordMetric({ runId: run.id, name: 'auc', value: 0.9 }))).toBe(
      'RESULT_CONFLICT',
    );
    const count = await withClient(db.url, (c) =>
      c.query<{ n: string }>(`SELECT count(*) AS n FROM "Metric" WHERE "runId" = $1`, [run.id]),
    );
    expect(Number(count.rows[0].n)).toBe(3);
    // The key holds in the database itself, for writers other than this repository.
    const duplicate = withClient(db.url, (c) =>
      c.query(`INSERT INTO "Metric" ("runId", name, value) VALUES ($1, 'auc', 0.8)`, [run.id]),
    );
    await expect(duplicate).rejects.toMatchObject({ code: '23505' });
  });

  it('rejects bad input and dangling references with stable codes', async () => {
    const experiment = await results.createExperiment({ name: 'errors', config: {}, codeVersion: 'v1' });
    expect(await codeOf(results.startRun({ experimentId: experiment.id, kind: 'Bad Kind' }))).toBe(
      'INVALID_RESULT',
    );
    expect(await codeOf(results.startRun({ experimentId: experiment.id, kind: 'fit', stepKey: 'abc' }))).toBe(
      'INVALID_RESULT',
    );
    expect(await codeOf(results.recordDataset({ ...object('x'), sha256: 'ABC' }))).toBe('INVALID_RESULT');
    expect(
      await codeOf(results.startRun({ experimentId: '00000000-0000-4000-8000-000000000000', kind: 'fit' })),
    ).toBe('RESULT_NOT_FOUND');
    expect(await codeOf(results.finishRun('00000000-0000-4000-8000-000000000000'))).toBe('RESULT_NOT_FOUND');
    expect(await codeOf(results.lineageOf({ artifactId: '00000000-0000-4000-8000-000000000000' }))).toBe(
      'RESULT_NOT_FOUND',
    );
    const run = await results.startRun({ experimentId: experiment.id, kind: 'fit' });
    expect(await codeOf(results.recordMetric({ runId: run.id, name: 'auc', value: Number.NaN }))).toBe(
      'INVALID_RESULT',
    );
  });

  it('the migrations enforce that a lineage edge points at exactly one object', async () => {
    const experiment = await results.createExperiment({ name: 'check', config: {}, codeVersion: 'v1' });
    const run = await results.startRun({ experimentId: experiment.id, kind: 'fit' });
    const insert = (target: string) =>
      withClient(db.url, (q) =>
        q.query(
          `INSERT INTO "LineageEdge" ("runId", direction, "datasetId", "artifactId") VALUES ($1, 'USED', ${target})`,
          [run.id],
        ),
      );
    await expect(insert('NULL, NULL')).rejects.toThrow(/LineageEdge_target_check/);
  });

  it('connection problems are one line naming DATABASE_URL', async () => {
    const closed = new URL(db.url);
    closed.port = '1';
    const unreachable = await openResultsRepository(closed.href).catch((e: unknown) => e);
    expect(unreachable).toMatchObject({ code: 'DB_UNREACHABLE' });
    expect((unreachable as Error).message).toMatch(
      /^DATABASE_URL postgresql:\/\/\S+:1\/\S+: no PostgreSQL answers there/,
    );
    expect(await codeOf(openResultsRepository('postgresql://localhost'))).toBe('INVALID_DATABASE_URL');
    const missing = new URL(db.url);
    missing.pathname = '/qtm_no_such_database';
    expect(await codeOf(openResultsRepository(missing.href))).toBe('DB_NOT_FOUND');
  });

  it('an unmigrated database says to run qtm db migrate', async () => {
    const empty = await createFreshDatabase();
    const unmigrated = await openResultsRepository(empty.url);
    try {
      const err = await unmigrated
        .createExperiment({ name: 'x', config: {}, codeVersion: 'v1' })
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'DB_NOT_MIGRATED' });
      expect((err as Error).message).toContain('qtm db migrate');
    } finally {
      await unmigrated.close();
      await empty.drop();
    }
  });
});
