/**
 * The experiment workflow at 50 subjects with batches forced to 10, on a tiny grid (the shape of
 * experiments/scale.yaml, small enough for CI): the cohort runs as 5 fit batches and 5 inference batches,
 * at most 2 at once, every history stays small, each subject gets its feature row, and grading reads the
 * 50 rows through the 5 batch tables in cohort order.
 */
import { Connection } from '@temporalio/client';
import { experimentConfigSchema } from '../../../contracts/experiment-config';
import { parseCsv } from '../../../formats/csv';
import { getManifest, getShard } from '../../../storage/dataset-manifest';
import { openObjectStore } from '../../../storage/object-store-client';
import { temporalClient } from '../../../workers/temporal-connection';
import { workflowHistories } from '../../../workers/workflow-histories';
import { planCohort } from '../../../workflows/cohort-plan';
import { batchSubjects } from '../support/batch-tables';
import { queryDatabase } from '../support/database-query';
import { runWorkersUntilDone, settingsFor, startExperiment } from '../support/experiment-run';

const settings = settingsFor();
const tiny = {
  imaging: { matrix: [12, 12, 4] },
  vessels: { terminals: 40 },
  protocol: { frameCount: 12 },
  transport: { timeStepS: 0.5 },
  lgg: { radiusMm: [2, 3] },
  hgg: { radiusMm: [3, 4], oedemaMarginMm: [1, 2] },
};
const config = experimentConfigSchema.parse({
  name: 'cohort-batches-test',
  aif: { model: 'parker', hct: 0.42, onsetS: 10, frameIntervalS: 5, durationS: 55 },
  cohort: { lgg: 25, hgg: 25, seed: 9300, simulator: tiny },
  fit: { model: '2cxm', fitDelay: false },
  qtmnet: {
    train: {
      simulate: {
        config: tiny,
        seed: 9400,
        subjects: 2,
        patchSize: [4, 4, 3],
        patchesPerSubject: 4,
        tumourFraction: 0.5,
        samplesPerShard: 64,
      },
      network: { kind: 'patch', filters: [4, 4, 4], dense: 8, dropout: 0.1 },
      training: {
        epochs: 1,
        batchSize: 8,
        learningRate: 0.01,
        seed: 3,
        validationFraction: 0.5,
        checkpointEverySteps: 1,
      },
    },
    infer: { mcSamples: 2, batchSize: 256, seed: 1 },
  },
  grading: { bootstrap: 200, folds: 5, repeats: 1, seed: 1 },
  limits: { stepScheduleToCloseH: 1, subjectsPerBatch: 10, batchesInFlight: 2 },
});

const query = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  queryDatabase<T>(settings.databaseUrl, sql, params);

test('50 subjects in batches of 10: small histories, 2 batches at a time, one feature row per subject, graded in order', async () => {
  const workflowId = await startExperiment(settings, config);
  const result = await runWorkersUntilDone(settings, workflowId);
  const cohort = result.cohort;
  expect(cohort?.subjects).toEqual({ lgg: 25, hgg: 25 });
  expect(cohort?.batches).toHaveLength(5);
  expect(cohort?.steps.total).toBe(50 * 4);

  const planned = planCohort(config.cohort as NonNullable<typeof config.cohort>).map((p) => p.subject);
  const store = await openObjectStore(settings.s3);
  const subjects = await batchSubjects(store, result);
  expect(subjects.map((s) => s.subject)).toEqual(planned);
  expect(subjects.every((s) => Object.keys(s.maps).sort().join() === '2cxm,qtmnet')).toBe(true);
  const report = await getManifest(store, cohort?.grading.output.sha256 as string);
  const features = parseCsv((await getShard(store, report, 'features.csv')).toString('utf8'));
  expect(features.rows.map((r) => r[0])).toEqual(planned);

  const connection = await Connection.connect({ address: settings.temporal.address });
  try {
    const histories = await workflowHistories(temporalClient(connection, settings), workflowId);
    const batches = [1, 2, 3, 4, 5].map((k) => `${workflowId}/fit-batch-${k}`);
    expect([...histories.keys()].sort()).toEqual(
      [workflowId, ...batches, ...batches.map((b) => b.replace('/fit-', '/infer-'))].sort(),
    );
    const events = (id: string) => histories.get(id)?.events ?? [];
    // The experiment's history grows with batches, not subjects; a batch's with its 10 subjects.
    expect(events(workflowId).length).toBeLessThan(150);
    for (const id of histories.keys()) if (id !== workflowId) expect(events(id).length).toBeLessThan(200);
    let running = 0;
    let most = 0;
    for (const e of events(workflowId)) {
      if (e.startChildWorkflowExecutionInitiatedEventAttributes) most = Math.max(most, ++running);
      if (e.childWorkflowExecutionCompletedEventAttributes) running--;
    }
    expect(most).toBe(2);
  } finally {
    await connection.close();
  }

  const [rows] = await query<{ features: string; tables: string }>(
    `SELECT count(*) FILTER (WHERE r.kind = 'subject-features') AS features,
            count(*) FILTER (WHERE r.kind = 'cohort-batch') AS tables
     FROM "Run" r JOIN "Experiment" x ON x.id = r."experimentId"
     WHERE x."workflowId" = $1 AND r.status = 'SUCCEEDED'`,
    [workflowId],
  );
  expect(rows).toEqual({ features: '50', tables: '5' });
});
