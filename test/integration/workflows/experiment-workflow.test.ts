/**
 * The experiment workflow end to end on the real stack: Temporal dev server, SeaweedFS/MinIO, PostgreSQL.
 */
import { Connection } from '@temporalio/client';
import { formatLineage } from '../../../cli/commands/lineage';
import { getManifest, getShard } from '../../../storage/dataset-manifest';
import { openObjectStore } from '../../../storage/object-store-client';
import { openResultsRepository } from '../../../storage/results-repository';
import { temporalClient } from '../../../workers/temporal-connection';
import { workflowHistories } from '../../../workers/workflow-histories';
import { queryDatabase } from '../support/database-query';
import { runWorkersUntilDone, settingsFor, startExperiment, testConfig } from '../support/experiment-run';

const settings = settingsFor();

const query = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  queryDatabase<T>(settings.databaseUrl, sql, params);

test('records the experiment and its runs, stores the AIF by hash with lineage, and reports the gpu-queue backend', async () => {
  const workflowId = await startExperiment(settings, testConfig('workflow-test'));
  const result = await runWorkersUntilDone(settings, workflowId);

  const [experiment] = await query<{ id: string; status: string; configHash: string }>(
    'SELECT id, status, "configHash" FROM "Experiment" WHERE "workflowId" = $1',
    [workflowId],
  );
  expect(experiment).toMatchObject({ id: result.experimentId, status: 'SUCCEEDED' });
  expect(experiment.configHash).toMatch(/^[0-9a-f]{64}$/);

  const runs = await query<{
    kind: string;
    status: string;
    workerIdentity: string;
    computeBackend: string | null;
  }>(
    'SELECT kind, status, "workerIdentity", "computeBackend" FROM "Run" WHERE "experimentId" = $1 ORDER BY "startedAt"',
    [result.experimentId],
  );
  expect(runs.map((r) => [r.kind, r.status])).toEqual([
    ['parker-aif', 'SUCCEEDED'],
    ['compute-backend-probe', 'SUCCEEDED'],
  ]);
  expect(runs[0].workerIdentity).toMatch(/^cpu@/);
  expect(runs[1].workerIdentity).toMatch(/^gpu@/);
  expect(['TFJS_WASM', 'TFJS_CPU', 'TFJS_TENSORFLOW']).toContain(runs[1].computeBackend);

  const store = await openObjectStore(settings.s3);
  const manifest = await getManifest(store, result.aif.output.sha256);
  const csv = (await getShard(store, manifest, 'aif.csv')).toString().trim().split('\n');
  expect(csv[0]).toBe('t_s,cp_mM');
  expect(csv).toHaveLength(1 + 61);
  // Parker plasma AIF (Hct 0.42, onset 10 s) peaks at 10.47 mM at 20.25 s (docs/science.md 3.1); on a 2 s grid near 20 s.
  expect(result.aif.peakTimeS).toBe(20);
  expect(result.aif.peakPlasmaMm).toBeGreaterThan(10);
  expect(result.aif.peakPlasmaMm).toBeLessThan(10.48);

  const edges = await query<{ direction: string; sha256: string }>(
    'SELECT e.direction, d.sha256 FROM "LineageEdge" e JOIN "Dataset" d ON d.id = e."datasetId" WHERE e."runId" = $1',
    [result.aif.runId],
  );
  const expected = result.aif.cached ? 'USED' : 'PRODUCED';
  expect(edges).toEqual([{ direction: expected, sha256: result.aif.output.sha256 }]);
});

test('a second run of the same step config is served from the step cache', async () => {
  const first = await runWorkersUntilDone(
    settings,
    await startExperiment(settings, testConfig('cache-test')),
  );
  const second = await runWorkersUntilDone(
    settings,
    await startExperiment(settings, testConfig('cache-test')),
  );
  expect(second.aif.cached).toBe(true);
  expect(second.aif.output.sha256).toBe(first.aif.output.sha256);
  expect(second.aif.runId).not.toBe(first.aif.runId);
});

test('qtm lineage walks from the stored AIF back to its run, experiment, config hash and code version', async () => {
  const result = await runWorkersUntilDone(
    settings,
    await startExperiment(settings, testConfig('lineage-test')),
  );
  const results = await openResultsRepository(settings.databaseUrl);
  try {
    const graph = await results.lineageOf(await results.rootForSha256(result.aif.output.sha256));
    const text = formatLineage(graph);
    expect(text).toMatch(/run parker-aif SUCCEEDED attempt 1 on cpu@/);
    expect(text).toMatch(/produced dataset aif [0-9a-f]{64}/);
    expect(
      graph.experiments.every((e) => /^[0-9a-f]{64}$/.test(e.configHash) && e.codeVersion.length > 0),
    ).toBe(true);
    await expect(results.rootForSha256('f'.repeat(64))).rejects.toMatchObject({ code: 'RESULT_NOT_FOUND' });
  } finally {
    await results.close();
  }
});

test('bad input fails the experiment at once, not retried, with the message that names the setting', async () => {
  const config = {
    ...testConfig('bad-input-test'),
    // A setting the CLI's parse refuses, sent straight to the workflow: the activity checks it again.
    cohort: {
      lgg: 3,
      hgg: 3,
      seed: 1,
      simulator: { imaging: { matrix: [16, 16] as unknown as [number, number, number] } },
    },
    fit: [{ model: '2cxm' as const, aif: 'artery' as const, fitDelay: false }],
    grading: {
      roiLabels: [1 as const],
      primary: { '2cxm': 'ktrans_per_min_mean' },
      bootstrap: 200,
      folds: 3,
      repeats: 1,
      permutations: 1000,
      seed: 1,
    },
  };
  const workflowId = await startExperiment(settings, config);
  const failure = await runWorkersUntilDone(settings, workflowId).catch((e: unknown) => e);
  // WorkflowFailedError <- ActivityFailure <- ApplicationFailure from the activity boundary
  const activity = (failure as { cause?: { cause?: { nonRetryable?: boolean; message?: string } } }).cause;
  expect(activity?.cause?.nonRetryable).toBe(true);
  expect(activity?.cause?.message).toMatch(/cohort\.simulator.*imaging\.matrix/);
  const [experiment] = await query<{ status: string }>(
    'SELECT status::text AS status FROM "Experiment" WHERE "workflowId" = $1',
    [workflowId],
  );
  expect(experiment.status).toBe('FAILED');
  // Each step's last (here: only) attempt is in its ActivityTaskStarted event: all attempt 1, no retry.
  const connection = await Connection.connect({ address: settings.temporal.address });
  // The simulations ran in a batch workflow: every history of the experiment.
  const histories = await workflowHistories(temporalClient(connection, settings), workflowId);
  await connection.close();
  const attempts = [...histories.values()].flatMap((h) =>
    (h.events ?? []).flatMap((e) =>
      e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt] : [],
    ),
  );
  expect(attempts.length).toBeGreaterThan(0);
  expect(new Set(attempts)).toEqual(new Set([1]));
});
