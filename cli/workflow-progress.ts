/**
 * Progress of a running experiment for the person who started it: every interval, the stages as the Run
 * rows and Temporal's pending activities tell them (cli/experiment-status.ts), handed to a progress view.
 * Until the workflow has recorded its experiment row, the stages come from Temporal alone.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { plannedStageTotals } from '../contracts/experiment-stages';
import { summariseStages } from '../storage/experiment-steps';
import type { ResultsRepository } from '../storage/results-repository';
import { describeWorkflow, experimentStatus, stageProgress } from './experiment-status';
import type { ProgressView } from './progress-view';

/** Starts watching; the returned function stops, draws the final state once more and closes the view. */
export function watchProgress(
  handle: WorkflowHandle,
  config: unknown,
  results: ResultsRepository | null,
  view: ProgressView,
  everyMs: number,
): () => Promise<void> {
  let stopped = false;
  const tick = async () => {
    try {
      const experiment = results
        ? await results.resolveExperiment(handle.workflowId).catch(() => null)
        : null;
      const stages =
        experiment && results
          ? (await experimentStatus(results, experiment, handle)).stages
          : stageProgress(summariseStages([], plannedStageTotals(config)), await describeWorkflow(handle));
      view.update(stages);
    } catch {
      // A slow or restarting server costs one update; the workflow's result is what the command reports.
    }
  };
  // Ticks never overlap: a redraw in place must finish before the next begins.
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const loop = () => {
    inFlight = tick().then(() => {
      if (!stopped) timer = setTimeout(loop, everyMs);
    });
  };
  timer = setTimeout(loop, Math.min(everyMs, 1000));
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await inFlight;
    await tick();
    view.close();
  };
}
