/**
 * ExperimentWorkflow: deterministic orchestration only. Activities do the work and exchange claim checks
 * ({uri, sha256, bytes}), never data. CPU steps go to the cpu queue; the compute-backend probe goes to the
 * gpu queue, so a run proves both kinds of worker are serving. Bad input fails fast (non-retryable
 * ApplicationFailure from the activity); infrastructure faults are retried with backoff until the step's
 * schedule-to-close timeout (step-options.ts). A cancelled experiment (`qtm experiment cancel`) cancels
 * its steps through their heartbeats, waits for them, and is then marked CANCELLED.
 */
import {
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowFailure,
  isCancellation,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { ExperimentActivities } from '../activities/experiment-activities';
import type { ExperimentConfig } from '../contracts/experiment-config';
import type { ExperimentResult } from '../contracts/step-outcomes';
import { runGradingPipeline } from './grading-pipeline';
import { stepOptions } from './step-options';

export async function experimentWorkflow(config: ExperimentConfig): Promise<ExperimentResult> {
  // Bookkeeping and the AIF step take seconds; loading tfjs for the probe a few more.
  const cpu = proxyActivities<ExperimentActivities>(stepOptions(config.limits, 'cpu', 'short'));
  const gpu = proxyActivities<ExperimentActivities>(stepOptions(config.limits, 'gpu', 'short'));
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
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() =>
        cpu.finishExperiment({ experimentId, status: 'CANCELLED' }),
      );
      throw err;
    }
    const message = rootMessage(err);
    await cpu.finishExperiment({ experimentId, status: 'FAILED', errorMessage: message });
    // A batch workflow's failure is its step's: report that step's failure, as for the experiment's own steps.
    const failure = err instanceof ChildWorkflowFailure && err.cause ? err.cause : err;
    throw ApplicationFailure.fromError(failure, { nonRetryable: true });
  }
}

/** The innermost message: an activity's failure says what went wrong, its wrapper only "Activity task failed". */
function rootMessage(err: unknown): string {
  let e = err;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  return e instanceof Error ? e.message : String(err);
}
