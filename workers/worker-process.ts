/**
 * One worker process per task queue. Both kinds register the same activities; the workflow routes each step
 * to a queue, so a gpu worker receives only the steps that need tfjs. Only cpu workers run workflow code.
 * Connections to S3 and PostgreSQL are checked before polling starts, so a bad setting fails in one line.
 * Activities compute on the process's one shared thread pool (compute/shared-pool.ts), closed when the last
 * worker of the process closes.
 */
import { availableParallelism, hostname } from 'node:os';
import { type NativeConnection, Worker } from '@temporalio/worker';
import { activityBoundary } from '../activities/activity-boundary';
import { createCohortActivities } from '../activities/cohort-activities';
import { createExperimentActivities } from '../activities/experiment-activities';
import { createGradingActivities } from '../activities/grading-activities';
import { createTrainingActivities } from '../activities/training-activities';
import { retainSharedPool } from '../compute/shared-pool';
import { createLogger, type Logger } from '../runtime/logger';
import { loadSettings, type Settings } from '../runtime/settings';
import { openObjectStore } from '../storage/object-store-client';
import { openResultsRepository } from '../storage/results-repository';
import { type QueueKind, TASK_QUEUES } from '../workflows/task-queues';
import { dataConverterFor } from './payload-codec';
import { connectTemporal } from './temporal-connection';
import { installTemporalRuntime } from './temporal-runtime';

export interface WorkerHandle {
  worker: Worker;
  close(): Promise<void>;
}

export async function createWorker(
  kind: QueueKind,
  settings: Settings = loadSettings(),
  logger: Logger = createLogger(settings.logLevel),
): Promise<WorkerHandle> {
  installTemporalRuntime(logger.level);
  const store = await openObjectStore(settings.s3);
  const results = await openResultsRepository(settings.databaseUrl);
  const connection: NativeConnection = await connectTemporal(settings);
  const identity = `${kind}@${hostname()}:${process.pid}`;
  const deps = {
    store,
    results,
    logger: logger.child({ queue: kind }),
    workerIdentity: identity,
    tfBackend: settings.tfBackend,
  };
  const worker = await Worker.create({
    connection,
    namespace: settings.temporal.namespace,
    taskQueue: TASK_QUEUES[kind],
    identity,
    dataConverter: dataConverterFor(settings.payloadKeys),
    activities: {
      ...createExperimentActivities(deps),
      ...createCohortActivities(deps),
      ...createTrainingActivities(deps),
      ...createGradingActivities(deps),
    },
    // Every activity heartbeats on a timer and reports failures by class (retried or not).
    interceptors: { activity: [activityBoundary] },
    // Simulations, fits and inference queue their chunks on the shared pool (one thread per core), so as many
    // activities as cores keep it busy while others download or upload. Training runs on the activity's
    // thread and takes the whole machine, so a gpu worker runs one heavy step at a time beside small ones.
    maxConcurrentActivityTaskExecutions: kind === 'cpu' ? availableParallelism() : 2,
    // Heartbeats carry the latest checkpoint key; sending them at least every 5 s keeps what a retry resumes
    // from recent (the SDK's default can hold them back for up to a minute).
    maxHeartbeatThrottleInterval: '5s',
    ...(kind === 'cpu' ? { workflowsPath: require.resolve('../workflows') } : {}),
  });
  const releasePool = retainSharedPool();
  return {
    worker,
    async close() {
      await releasePool();
      await connection.close();
      await results.close();
    },
  };
}

/** Runs a worker until SIGINT/SIGTERM (the SDK drains in-flight activities on shutdown). */
export async function runWorker(kind: QueueKind): Promise<void> {
  const settings = loadSettings();
  const logger = createLogger(settings.logLevel);
  const handle = await createWorker(kind, settings, logger);
  logger.info({ queue: TASK_QUEUES[kind], temporal: settings.temporal.address }, 'worker polling');
  try {
    await handle.worker.run();
  } finally {
    await handle.close();
  }
}
