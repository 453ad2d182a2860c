/**
 * ExperimentWorkflow: deterministic orchestration only. Activities do the work and exchange claim checks
 * ({uri, sha256, bytes}), never data. CPU steps go to the cpu queue; the compute-backend probe goes to the
 * gpu queue, so a run proves both kinds of worker are serving. Bad input fails fast (non-retryable
 * ApplicationFailure from the activity); infrastructure faults are retried with backoff.
 */
import { ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ExperimentActivities } from '../activities/experiment-activities';
import type { ExperimentConfig } from '../contracts/experiment-config';
import type { ExperimentResult } from '../contracts/step-outcomes';
import { runGradingPipeline } from './grading-pipeline';
import { TASK_QUEUES } from './task-queues';

const retry = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '1m',
  maximumAttempts: 10,
} as const;

const cpu = proxyActivities<ExperimentActivities>({
  taskQueue: TASK_QUEUES.cpu,
  // Bookkeeping and the AIF step take seconds; a worker that dies is noticed within the minute.
  startToCloseTimeout: '5m',
  retry,
});

const gpu = proxyActivities<ExperimentActivities>({
  taskQueue: TASK_QUEUES.gpu,
  // Loading tfjs and probing backends takes a few seconds; wait up to an hour for a gpu worker to appear.
  scheduleToStartTimeout: '1h',
  startToCloseTimeout: '5m',
  retry,
});

export async function experimentWorkflow(config: ExperimentConfig): Promise<ExperimentResult> {
  const { experimentId, codeVersion } = await cpu.startExperiment({
    config,
    workflowId: workflowInfo().workflowId,
  });
  try {
    const aif = await cpu.computeAifDataset({ experimentId, aif: config.aif });
    const computeBackend = await gpu.probeComputeBackend({ experimentId });
    const cohort = await runGradingPipeline(experimentId, config);
    await cpu.finishExperiment({ experimentId, status: 'SUCCEEDED' });
    return { experimentId, codeVersion, aif, computeBackend, cohort };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await cpu.finishExperiment({ experimentId, status: 'FAILED', errorMessage: message });
    throw ApplicationFailure.fromError(err, { nonRetryable: true });
  }
}
