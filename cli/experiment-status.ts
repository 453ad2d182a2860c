/**
 * What a running experiment's steps are doing, from Temporal's description of its workflow: each step in
 * flight with its attempt and, when it is being retried, the failure of its last attempt (an S3 outage, a
 * database restart, a dead worker's heartbeat timeout) and when the next attempt starts. Used by
 * `qtm experiment run` while it waits, and meant for `qtm experiment show`.
 */
import type { WorkflowHandle } from '@temporalio/client';

export interface StepInFlight {
  /** activity name, e.g. "simulateSubject" */
  step: string;
  /** attempt number, from 1 */
  attempt: number;
  /** the last attempt's failure, when the step is being retried */
  lastFailure?: { message: string; type?: string };
  /** when the next attempt is scheduled, while the step waits out its backoff */
  nextAttemptAt?: Date;
}

const date = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  t?.seconds == null ? undefined : new Date(Number(t.seconds) * 1000 + (t.nanos ?? 0) / 1e6);

export async function stepsInFlight(handle: WorkflowHandle): Promise<StepInFlight[]> {
  const pending = (await handle.describe()).raw.pendingActivities ?? [];
  return pending.map((a) => {
    const failure = a.lastFailure;
    return {
      step: a.activityType?.name ?? '?',
      attempt: a.attempt ?? 1,
      ...(failure?.message
        ? {
            lastFailure: {
              message: failure.message,
              type:
                failure.applicationFailureInfo?.type ?? (failure.timeoutFailureInfo ? 'TIMEOUT' : undefined),
            },
          }
        : {}),
      ...(date(a.nextAttemptScheduleTime) ? { nextAttemptAt: date(a.nextAttemptScheduleTime) } : {}),
    };
  });
}

/** One line for a step being retried: "fitSubject attempt 3 after: <failure>; next attempt in 8 s". */
export function describeRetry(s: StepInFlight, now = new Date()): string {
  const next =
    s.nextAttemptAt === undefined
      ? ''
      : `; next attempt in ${Math.max(0, Math.round((s.nextAttemptAt.getTime() - now.getTime()) / 1000))} s`;
  return `${s.step} attempt ${s.attempt} after: ${s.lastFailure?.message ?? 'no failure recorded'}${next}`;
}
