/** Runs one ExperimentWorkflow on real workers (cpu + gpu queues) against a given Temporal server. */
import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import type { ExperimentConfig } from '../../../contracts/experiment-config';
import type { ExperimentResult } from '../../../contracts/step-outcomes';
import { createLogger } from '../../../runtime/logger';
import { loadSettings, type Settings } from '../../../runtime/settings';
import { temporalClient } from '../../../workers/temporal-connection';
import { createWorker } from '../../../workers/worker-process';
import { experimentWorkflow } from '../../../workflows/experiment-workflow';
import { TASK_QUEUES } from '../../../workflows/task-queues';

export const testConfig = (name: string): ExperimentConfig => ({
  name,
  aif: { model: 'parker', hct: 0.42, onsetS: 10, frameIntervalS: 2, durationS: 120 },
  limits: {
    stepScheduleToCloseH: 1,
    heartbeatTimeoutS: 60,
    retryMaxIntervalS: 10,
    subjectsPerBatch: 100,
    batchesInFlight: 2,
  },
});

/** The tests' settings; on a Temporal server of the test's own (`temporalAddress`), its default namespace. */
export function settingsFor(temporalAddress?: string): Settings {
  const base = loadSettings();
  return temporalAddress ? { ...base, temporal: { address: temporalAddress, namespace: 'default' } } : base;
}

export async function startExperiment(settings: Settings, config: ExperimentConfig): Promise<string> {
  const connection = await Connection.connect({ address: settings.temporal.address });
  try {
    const workflowId = `test-${config.name}-${randomUUID()}`;
    await temporalClient(connection, settings).workflow.start(experimentWorkflow, {
      taskQueue: TASK_QUEUES.cpu,
      workflowId,
      args: [config],
    });
    return workflowId;
  } finally {
    await connection.close();
  }
}

/** Serves both queues until the workflow ends; returns its result (or throws its failure). */
export async function runWorkersUntilDone(settings: Settings, workflowId: string): Promise<ExperimentResult> {
  const logger = createLogger('warn');
  const connection = await Connection.connect({ address: settings.temporal.address });
  const workers = await Promise.all([
    createWorker('cpu', settings, logger),
    createWorker('gpu', settings, logger),
  ]);
  try {
    const result = temporalClient(connection, settings).workflow.getHandle(workflowId).result();
    await Promise.all(workers.map((w) => w.worker.runUntil(result.catch(() => undefined))));
    return await result;
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await connection.close();
  }
}
