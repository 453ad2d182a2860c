/**
 * Training resumes across workflows: an experiment cancelled mid-training leaves its checkpoints recorded
 * under the training step's key, and a new experiment with the same config (a new workflow) resumes from
 * the newest of them instead of starting over; its subjects and its training input come from the step
 * cache, and once its model is recorded every checkpoint of the step is removed (retention).
 */
import { Connection } from '@temporalio/client';
import { experimentConfigSchema } from '../../../contracts/experiment-config';
import { openObjectStore } from '../../../storage/object-store-client';
import { temporalClient } from '../../../workers/temporal-connection';
import { sleep, waitFor } from '../../fault/support/scenario-run';
import { queryDatabase } from '../support/database-query';
import { runWorkersUntilDone, settingsFor, startExperiment } from '../support/experiment-run';

const settings = settingsFor();
const tiny = { imaging: { matrix: [12, 12, 4] }, vessels: { terminals: 40 } };
const config = experimentConfigSchema.parse({
  name: 'training-resume-test',
  aif: { model: 'parker', hct: 0.42, onsetS: 10, frameIntervalS: 5, durationS: 295 },
  cohort: { lgg: 4, hgg: 4, seed: 9500, simulator: tiny },
  fit: { model: '2cxm', fitDelay: false },
  qtmnet: {
    train: {
      simulate: {
        config: tiny,
        seed: 9600,
        subjects: 2,
        patchSize: [4, 4, 3],
        patchesPerSubject: 200,
        tumourFraction: 0.5,
        samplesPerShard: 512,
      },
      network: { kind: 'patch', filters: [4, 4, 4], dense: 8, dropout: 0.1 },
      training: {
        epochs: 2,
        batchSize: 4,
        learningRate: 0.001,
        seed: 9700,
        validationFraction: 0.5,
        checkpointEverySteps: 5,
      },
    },
    infer: { mcSamples: 2, batchSize: 256, seed: 1 },
  },
  grading: { bootstrap: 200, folds: 2, repeats: 1, seed: 1 },
  limits: { stepScheduleToCloseH: 1 },
});

const query = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  queryDatabase<T>(settings.databaseUrl, sql, params);

const checkpointsOf = (workflowId: string) =>
  query<{ step: number; sha256: string; stepKey: string; removed: boolean }>(
    `SELECT c.step, c.sha256, c."stepKey", c."removedAt" IS NOT NULL AS removed FROM "Checkpoint" c
     JOIN "Run" r ON r.id = c."runId" JOIN "Experiment" x ON x.id = r."experimentId"
     WHERE x."workflowId" = $1 ORDER BY c.step`,
    [workflowId],
  );

test('a new workflow of the same experiment resumes training from the checkpoints of a cancelled one', async () => {
  const first = await startExperiment(settings, config);
  const connection = await Connection.connect({ address: settings.temporal.address });
  try {
    const running = runWorkersUntilDone(settings, first).catch((e: unknown) => e);
    // A few checkpoints in, cancel the experiment (its steps stop through their heartbeats).
    await waitFor('checkpoints of the first workflow', async () =>
      (await checkpointsOf(first)).length >= 3 ? true : undefined,
    );
    await temporalClient(connection, settings).workflow.getHandle(first).cancel();
    expect(String(await running)).toMatch(/cancel/i);
  } finally {
    await connection.close();
  }
  await sleep(500);
  const left = await checkpointsOf(first);
  const kept = left.filter((c) => !c.removed);
  expect(kept).toHaveLength(2); // the newest two; older ones were removed while training went on
  const newest = kept[kept.length - 1];

  const second = await startExperiment(settings, config);
  const result = await runWorkersUntilDone(settings, second);
  expect(result.cohort?.trainingInput?.cached).toBe(true);
  expect(result.cohort?.steps.cached).toBe(8 * 2); // simulations and fits of the first workflow
  const [resumed] = await query<{ value: number; stepKey: string }>(
    `SELECT m.value, r."stepKey" FROM "Metric" m JOIN "Run" r ON r.id = m."runId"
     JOIN "Experiment" x ON x.id = r."experimentId"
     WHERE x."workflowId" = $1 AND m.name = 'resumed_from_step'`,
    [second],
  );
  expect(resumed).toEqual({ value: newest.step, stepKey: newest.stepKey });

  // The model is recorded: every checkpoint of the step is gone from the store, its row stamped.
  const store = await openObjectStore(settings.s3);
  const all = await query<{ sha256: string; removed: boolean }>(
    `SELECT sha256, "removedAt" IS NOT NULL AS removed FROM "Checkpoint" WHERE "stepKey" = $1`,
    [newest.stepKey],
  );
  expect(all.length).toBeGreaterThan(left.length);
  expect(all.every((c) => c.removed)).toBe(true);
  for (const c of all) expect(await store.exists(c.sha256)).toBe(false);
});
