/**
 * Runs an experiment's cohort as batch workflows (cohort-batch-workflow.ts): at most `batchesInFlight`
 * at once, the next starting as one finishes, so workers stay busy across the end of a batch. Child ids are
 * the experiment's workflow id, the phase and the batch index, so they say where they belong. The first
 * failure (or a cancellation) starts no further batch; those in flight are waited for before it is
 * rethrown, as settleAll does for steps.
 */
import { executeChild, workflowInfo } from '@temporalio/workflow';
import type { StepLimits } from '../contracts/experiment-config';
import type { BatchOutcome, SubjectSteps } from '../contracts/step-outcomes';
import { type CohortBatchInput, cohortBatchWorkflow } from './cohort-batch-workflow';

/** The cohort cut into batches of `subjectsPerBatch`, in order. */
export function cutIntoBatches(subjects: SubjectSteps[], subjectsPerBatch: number): SubjectSteps[][] {
  const batches: SubjectSteps[][] = [];
  for (let i = 0; i < subjects.length; i += subjectsPerBatch)
    batches.push(subjects.slice(i, i + subjectsPerBatch));
  return batches;
}

export async function runBatches(
  phase: string,
  batches: SubjectSteps[][],
  limits: Pick<StepLimits, 'batchesInFlight'>,
  inputOf: (batch: number, subjects: SubjectSteps[]) => CohortBatchInput,
): Promise<BatchOutcome[]> {
  const outcomes = new Array<BatchOutcome>(batches.length);
  let next = 0;
  let failure: { reason: unknown } | undefined;
  const lane = async () => {
    while (failure === undefined && next < batches.length) {
      const k = next++;
      try {
        outcomes[k] = await executeChild(cohortBatchWorkflow, {
          workflowId: `${workflowInfo().workflowId}/${phase}-batch-${k + 1}`,
          args: [inputOf(k, batches[k])],
        });
      } catch (reason) {
        failure ??= { reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limits.batchesInFlight, batches.length) }, lane));
  if (failure !== undefined) throw failure.reason;
  return outcomes;
}
