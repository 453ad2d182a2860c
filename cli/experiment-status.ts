/**
 * Where an experiment stands, from both places that know: the Run rows in PostgreSQL (steps, attempts,
 * durations, cache hits, metrics) and, while its workflow runs, Temporal's pending activities, its batch
 * workflows' included (what runs now, what waits for a worker, and the last failure of a step that is
 * being retried, which no Run row holds when its worker died). Used by `qtm experiment show` and the live progress of `run`.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { optionalTsToDate } from '@temporalio/common/lib/time';
import { plannedStageTotals, type StageOrSetup, stageOfActivity } from '../contracts/experiment-stages';
import type { Experiment } from '../storage/experiment-queries';
import {
  type StageSummary,
  type StepSummary,
  summariseStages,
  summariseSteps,
} from '../storage/experiment-steps';
import type { ResultsRepository } from '../storage/results-repository';

export interface PendingActivity {
  activityId: string;
  activityType: string;
  stage: StageOrSetup;
  state: 'scheduled' | 'started' | 'cancel-requested' | 'unknown';
  attempt: number;
  maximumAttempts: number;
  lastFailure: string | null;
  /** the failure class of the last attempt (activity-failure.ts: e.g. NET:ECONNREFUSED, PG:57P01), or TIMEOUT */
  lastFailureType: string | null;
  lastStartedAt: Date | null;
  lastHeartbeatAt: Date | null;
  nextAttemptAt: Date | null;
  worker: string | null;
}

export interface WorkflowState {
  /** Temporal's status: RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, TIMED_OUT, ... */
  status: string;
  pending: PendingActivity[];
}

/** A stage with what Temporal says runs now. */
export interface StageProgress extends StageSummary {
  /** activities of the stage scheduled but not yet taken by a worker */
  queued: number;
  /** activities of the stage on a retry, with the last failure of the latest */
  retrying: number;
  lastFailure: string | null;
}

export interface ExperimentStatus {
  experiment: Experiment;
  steps: StepSummary[];
  stages: StageProgress[];
  /** null when the workflow is unknown to Temporal (an old experiment, or another Temporal server) */
  workflow: WorkflowState | null;
}

// temporal.api.enums.v1.PendingActivityState by number
const STATES: ReadonlyArray<PendingActivity['state']> = [
  'unknown',
  'scheduled',
  'started',
  'cancel-requested',
];

/**
 * The workflow's status and pending activities, those of its running batch workflows included (the
 * per-subject steps run there), or null when Temporal does not know the workflow.
 */
export async function describeWorkflow(handle: WorkflowHandle): Promise<WorkflowState | null> {
  let description: Awaited<ReturnType<WorkflowHandle['describe']>>;
  try {
    description = await handle.describe();
  } catch (err) {
    if ((err as Error).name === 'WorkflowNotFoundError') return null;
    throw err;
  }
  const pending = (description.raw.pendingActivities ?? []).map(pendingActivity);
  for (const child of description.raw.pendingChildren ?? []) {
    if (!child.workflowId) continue;
    const state = await describeWorkflow(handle.client.getHandle(child.workflowId));
    pending.push(...(state?.pending ?? []));
  }
  return { status: description.status.name, pending };
}

type RawPendingActivity = NonNullable<
  Awaited<ReturnType<WorkflowHandle['describe']>>['raw']['pendingActivities']
>[number];

function pendingActivity(a: RawPendingActivity): PendingActivity {
  const type = a.activityType?.name ?? '?';
  return {
    activityId: a.activityId ?? '?',
    activityType: type,
    stage: stageOfActivity(type),
    state: STATES[Number(a.state ?? 0)] ?? 'unknown',
    attempt: a.attempt ?? 1,
    maximumAttempts: a.maximumAttempts ?? 0,
    lastFailure: a.lastFailure?.message ?? null,
    lastFailureType:
      a.lastFailure?.applicationFailureInfo?.type ?? (a.lastFailure?.timeoutFailureInfo ? 'TIMEOUT' : null),
    lastStartedAt: optionalTsToDate(a.lastStartedTime) ?? null,
    lastHeartbeatAt: optionalTsToDate(a.lastHeartbeatTime) ?? null,
    nextAttemptAt: optionalTsToDate(a.nextAttemptScheduleTime) ?? null,
    worker: a.lastWorkerIdentity || null,
  };
}

/**
 * Stages with Temporal's view laid over the Run rows: while the workflow runs, "running" is what Temporal
 * has started (a Run row left RUNNING by a dead worker does not count), plus the queued and retrying ones.
 */
export function stageProgress(
  stages: readonly StageSummary[],
  workflow: WorkflowState | null,
): StageProgress[] {
  return stages.map((s) => {
    const mine = workflow?.pending.filter((p) => p.stage === s.stage) ?? [];
    const retried = mine.filter((p) => p.attempt > 1 && p.lastFailure !== null);
    const live = workflow?.status === 'RUNNING';
    return {
      ...s,
      running: live ? mine.filter((p) => p.state === 'started').length : s.running,
      queued: mine.filter((p) => p.state === 'scheduled').length,
      retrying: retried.length,
      lastFailure: retried.at(-1)?.lastFailure ?? null,
    };
  });
}

export async function experimentStatus(
  results: ResultsRepository,
  experiment: Experiment,
  handle: WorkflowHandle | null,
): Promise<ExperimentStatus> {
  const steps = summariseSteps(await results.experimentRuns(experiment.id));
  const workflow = handle ? await describeWorkflow(handle) : null;
  const stages = stageProgress(summariseStages(steps, plannedStageTotals(experiment.config)), workflow);
  return { experiment, steps, stages, workflow };
}
