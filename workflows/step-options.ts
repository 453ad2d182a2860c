/**
 * Activity options of every step. Transient faults are retried with capped exponential backoff and no
 * attempt limit, bounded by the step's schedule-to-close timeout (config `limits`), so an outage of
 * minutes or hours does not end a multi-day experiment; bad input and permanent faults come back
 * non-retryable from the activity (activities/activity-failure.ts) and fail the experiment at once.
 * Long steps heartbeat (on a timer in the activity boundary), so a dead worker is noticed within the
 * heartbeat timeout; short bookkeeping steps are bounded per attempt instead. A cancelled experiment waits
 * for its steps to acknowledge the cancellation, so nothing is written after it is marked CANCELLED.
 */
import { ActivityCancellationType, type ActivityOptions } from '@temporalio/workflow';
import type { StepLimits } from '../contracts/experiment-config';
import { type QueueKind, TASK_QUEUES } from './task-queues';

// Histories of experiments started before configs had `limits` replay with these (the schema's defaults).
export const LIMITS_OF_EARLIER_CONFIGS: StepLimits = {
  stepScheduleToCloseH: 72,
  heartbeatTimeoutS: 60,
  retryMaxIntervalS: 60,
  subjectsPerBatch: 100,
  batchesInFlight: 2,
};

/** `short`: seconds of bookkeeping, no heartbeat; `long`: simulation, fitting, training, inference, grading. */
export function stepOptions(
  limits: Pick<StepLimits, 'stepScheduleToCloseH' | 'heartbeatTimeoutS' | 'retryMaxIntervalS'> | undefined,
  queue: QueueKind,
  length: 'short' | 'long',
): ActivityOptions {
  const { stepScheduleToCloseH, heartbeatTimeoutS, retryMaxIntervalS } = limits ?? LIMITS_OF_EARLIER_CONFIGS;
  return {
    taskQueue: TASK_QUEUES[queue],
    scheduleToCloseTimeout: `${stepScheduleToCloseH}h`,
    ...(length === 'short' ? { startToCloseTimeout: '1m' } : { heartbeatTimeout: `${heartbeatTimeoutS}s` }),
    retry: {
      initialInterval: '1s',
      backoffCoefficient: 2,
      maximumInterval: `${retryMaxIntervalS}s`,
      // no maximumAttempts: unlimited, the schedule-to-close timeout bounds the step
    },
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  };
}
