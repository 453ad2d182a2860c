/**
 * Fault: the gpu worker process is killed (SIGKILL) while it trains QTMnet. After the heartbeat timeout
 * Temporal retries the step on another gpu worker, which resumes from the last checkpoint the dead attempt
 * reported; the experiment completes with one model, and the run history says what happened.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Client as Pg } from 'pg';
import type { ExperimentConfig } from '../../contracts/experiment-config';
import { createLogger } from '../../runtime/logger';
import { loadSettings } from '../../runtime/settings';
import { openObjectStore } from '../../storage/object-store-client';
import { createWorker } from '../../workers/worker-process';
import { experimentWorkflow } from '../../workflows/experiment-workflow';
import { TASK_QUEUES } from '../../workflows/task-queues';

const settings = loadSettings();
const tiny = { imaging: { matrix: [16, 16, 4] }, vessels: { terminals: 100 } };
const trainingSeed = Date.now() % 1_000_000; // a fresh step key, so the step cache cannot skip the training

const config: ExperimentConfig = {
  name: 'fault-gpu-worker-killed',
  aif: { model: 'parker', hct: 0.42, onsetS: 10, frameIntervalS: 5, durationS: 295 },
  cohort: { lgg: 3, hgg: 3, seed: 8100, simulator: tiny },
  fit: [{ model: 'etm', aif: 'artery', fitDelay: false }],
  qtmnet: {
    train: {
      simulate: {
        config: tiny,
        seed: 8200,
        subjects: 2,
        patchSize: [4, 4, 3],
        patchesPerSubject: 40,
        tumourFraction: 0.5,
        side: 3,
        samplesPerShard: 1024,
      },
      backend: 'auto',
      network: { kind: 'patch', filters: [8, 8, 8], dense: 8, dropout: 0.1 },
      training: {
        epochs: 400,
        batchSize: 16,
        learningRate: 0.001,
        seed: trainingSeed,
        validationFraction: 0.5,
        checkpointEverySteps: 5,
      },
    },
    infer: { mcSamples: 2, batchSize: 512, seed: 1 },
    heartbeatTimeoutS: 30, // above the longest stretch the worker's event loop is busy (a training subject's simulation)
  },
  grading: {
    roiLabels: [1],
    primary: { etm: 'ktrans_per_min_mean', qtmnet: 'ktrans_per_min_mean' },
    bootstrap: 200,
    folds: 3,
    repeats: 2,
    permutations: 1000,
    seed: 1,
  },
};

let gpuProcess: ChildProcess | undefined;
afterAll(() => gpuProcess?.kill('SIGKILL'));

test('a gpu worker killed mid-training: the step resumes elsewhere from its checkpoint and the experiment completes', async () => {
  const logger = createLogger('warn');
  const cpu = await createWorker('cpu', settings, logger);
  const connection = await Connection.connect({ address: settings.temporal.address });
  const client = new Client({ connection });
  const workflowId = `fault-killed-gpu-${trainingSeed}`;
  const handle = await client.workflow.start(experimentWorkflow, {
    taskQueue: TASK_QUEUES.cpu,
    workflowId,
    args: [config],
  });
  const result = handle.result();
  const cpuRunning = cpu.worker.runUntil(result.catch(() => undefined));

  gpuProcess = spawn(
    process.execPath,
    [join(__dirname, '../../dist/cli/main.js'), 'worker', '--queue', 'gpu'],
    {
      env: { ...process.env, QTM_LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    },
  );

  // Wait until the training attempt has reported a checkpoint, then kill its worker process outright.
  let checkpoint: string | undefined;
  for (let i = 0; i < 1200 && checkpoint === undefined; i++) {
    const pending = (await handle.describe()).raw.pendingActivities ?? [];
    const train = pending.find((a) => a.activityType?.name === 'trainQtmnet');
    const details = train?.heartbeatDetails?.payloads?.[0]?.data;
    if (details)
      checkpoint = (JSON.parse(Buffer.from(details).toString()) as { checkpoint?: string }).checkpoint;
    if (checkpoint === undefined) await new Promise((r) => setTimeout(r, 250));
  }
  expect(checkpoint).toMatch(/^[0-9a-f]{64}$/);
  gpuProcess.kill('SIGKILL');

  const gpu = await createWorker('gpu', settings, logger);
  await Promise.all([gpu.worker.runUntil(result.catch(() => undefined)), cpuRunning]);
  const r = await result;
  await Promise.all([gpu.close(), cpu.close(), connection.close()]);

  expect(r.cohort?.model?.output.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(await (await openObjectStore(settings.s3)).exists(checkpoint as string)).toBe(true);

  const db = new Pg({ connectionString: settings.databaseUrl });
  await db.connect();
  try {
    const runs = (
      await db.query<{ id: string; attempt: number; status: string; errorCode: string | null }>(
        `SELECT id, attempt, status, "errorCode" FROM "Run" WHERE "experimentId" = $1 AND kind = 'train-qtmnet' ORDER BY attempt`,
        [r.experimentId],
      )
    ).rows;
    expect(runs.map((x) => [x.attempt, x.status, x.errorCode])).toEqual([
      [1, 'FAILED', 'ATTEMPT_ABANDONED'],
      [2, 'SUCCEEDED', null],
    ]);
    const resumed = await db.query<{ value: number }>(
      `SELECT value FROM "Metric" WHERE "runId" = $1 AND name = 'resumed_from_step'`,
      [runs[1].id],
    );
    expect(resumed.rows).toHaveLength(1);
    expect(resumed.rows[0].value).toBeGreaterThanOrEqual(5);
    const produced = await db.query(
      `SELECT d.sha256 FROM "LineageEdge" e JOIN "Dataset" d ON d.id = e."datasetId" WHERE e."runId" = ANY($1) AND e.direction = 'PRODUCED'`,
      [runs.map((x) => x.id)],
    );
    expect(produced.rows).toEqual([{ sha256: r.cohort?.model?.output.sha256 }]);
  } finally {
    await db.end();
  }
});
