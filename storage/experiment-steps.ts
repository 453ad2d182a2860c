/**
 * An experiment's runs as people think of them: steps (one per step key: its attempts, status, duration,
 * whether the step cache served it, its metrics and the last failure) and stages (simulate, fit, train,
 * infer, grade with planned, done, cached, running and failed counts). Pure over the rows of
 * storage/experiment-queries.ts, so the CLI and the viewer summarise alike.
 */
import { STAGES, type Stage, type StageOrSetup, stageOfRunKind } from '../contracts/experiment-stages';
import type { RunMetric, RunObject, RunRecord } from './experiment-queries';

export interface StepSummary {
  stage: StageOrSetup;
  kind: string;
  stepKey: string | null;
  /** status of the latest attempt */
  status: RunRecord['status'];
  attempts: number;
  /** the step cache served the output (nothing was recomputed) */
  cached: boolean;
  startedAt: Date;
  finishedAt: Date | null;
  /** of the latest attempt, ms; null while it runs */
  durationMs: number | null;
  workerIdentity: string | null;
  computeBackend: string | null;
  /** what the step produced, or reused on a cache hit */
  output: RunObject | null;
  inputs: RunObject[];
  /** the step's metrics; on a cache hit, those of the run that produced the reused output */
  metrics: RunMetric[];
  /** the latest failed attempt, also when a later attempt succeeded */
  lastFailure: { attempt: number; code: string; message: string } | null;
}

export interface StageSummary {
  stage: Stage;
  /** steps the config plans; null when unknown */
  total: number | null;
  /** steps whose latest attempt succeeded (cached ones included) */
  done: number;
  cached: number;
  running: number;
  /** steps whose latest attempt failed */
  failed: number;
  /** attempts beyond the first, over all steps */
  retries: number;
  /** first start and last finish of the stage's runs */
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** One summary per step, in order of first start. Runs without a step key (the backend probe) are steps alone. */
export function summariseSteps(runs: readonly RunRecord[]): StepSummary[] {
  const groups = new Map<string, RunRecord[]>();
  for (const run of runs) {
    const key = run.stepKey ?? run.id;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()].map((attempts) => {
    const latest = attempts.reduce((a, b) =>
      b.attempt > a.attempt || (b.attempt === a.attempt && b.startedAt >= a.startedAt) ? b : a,
    );
    const reused = latest.used.find(
      (o) => latest.stepKey !== null && o.producer !== null && o.producer.stepKey === latest.stepKey,
    );
    const cached = latest.status === 'SUCCEEDED' && latest.produced.length === 0 && reused !== undefined;
    const output = latest.produced[0] ?? reused ?? null;
    const failed = attempts.filter((a) => a.status === 'FAILED').at(-1);
    return {
      stage: stageOfRunKind(latest.kind),
      kind: latest.kind,
      stepKey: latest.stepKey,
      status: latest.status,
      attempts: attempts.length,
      cached,
      startedAt: attempts[0].startedAt,
      finishedAt: latest.finishedAt,
      durationMs: latest.finishedAt ? latest.finishedAt.getTime() - latest.startedAt.getTime() : null,
      workerIdentity: latest.workerIdentity,
      computeBackend: latest.computeBackend,
      output,
      inputs: latest.used.filter((o) => o !== reused),
      metrics: cached && reused?.producer ? reused.producer.metrics : latest.metrics,
      lastFailure: failed
        ? {
            attempt: failed.attempt,
            code: failed.errorCode ?? 'UNKNOWN',
            message: failed.errorMessage ?? '',
          }
        : null,
    };
  });
}

/** Counts per stage, for every stage that is planned or has a step. */
export function summariseStages(
  steps: readonly StepSummary[],
  planned: Partial<Record<Stage, number>>,
): StageSummary[] {
  return STAGES.flatMap((stage) => {
    const mine = steps.filter((s) => s.stage === stage);
    if (mine.length === 0 && planned[stage] === undefined) return [];
    const times = (pick: (s: StepSummary) => Date | null) =>
      mine.map(pick).filter((d): d is Date => d !== null);
    const starts = times((s) => s.startedAt);
    const ends = times((s) => s.finishedAt);
    const done = mine.filter((s) => s.status === 'SUCCEEDED').length;
    return [
      {
        stage,
        total: planned[stage] ?? null,
        done,
        cached: mine.filter((s) => s.cached).length,
        running: mine.filter((s) => s.status === 'RUNNING').length,
        failed: mine.filter((s) => s.status === 'FAILED').length,
        retries: mine.reduce((n, s) => n + s.attempts - 1, 0),
        startedAt: starts.length ? new Date(Math.min(...starts.map(Number))) : null,
        finishedAt: ends.length ? new Date(Math.max(...ends.map(Number))) : null,
      },
    ];
  });
}

/** The report dataset of an experiment: the output of its succeeded grading step, or null. */
export function gradingReport(steps: readonly StepSummary[]): RunObject | null {
  return (
    steps.find((s) => s.stage === 'grade' && s.status === 'SUCCEEDED' && s.output !== null)?.output ?? null
  );
}
