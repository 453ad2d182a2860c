/**
 * The functions the worker pool can run, by name. A task takes one chunk of input (structured-cloneable:
 * plain objects, typed arrays) and a progress callback (units done so far within the chunk), and returns
 * the chunk's output, or a promise of it. Outputs move to the caller: the buffers of their typed arrays are
 * transferred, so a task returns arrays it does not keep. Add an entry here to run another function on the
 * pool's threads.
 *
 * Only the fitting tasks are loaded with this module: every other task loads its code on first use, so a
 * thread that only fits starts without the simulator, the grading statistics or tfjs (the simulator's
 * modules alone cost a thread more start-up than the fitting code; `qtm fit` starts its threads per run).
 */
import { fitCurveBatch } from '../perfusion/fit/curve-batch';
import { fitVoxelBatch } from '../perfusion/fit/volume-fit';
import type { PatchSample } from '../perfusion/qtmnet/patch-layout';
import type { Grade, SimulatedSubject } from '../perfusion/simulate/simulated-subject';
import type { SimulationConfig } from '../perfusion/simulate/simulation-config';
import type { GradingStatistics, GradingStatisticsInput } from '../reports/grading-statistics';
import { fitOsipiChunk } from './osipi-chunk-fit';
import type { InferenceRequest, InferenceTaskOutput } from './qtmnet-inference-task';
import type { TrainingSubjectRequest } from './training-samples';

export const POOL_TASKS = {
  fitCurves: fitCurveBatch,
  fitVoxels: fitVoxelBatch,
  /** Rows of an osipi curve file: parsed from bytes, fitted, formatted as output lines. */
  fitOsipiChunk,
  /** One subject; progress in thousandths of the whole simulation. */
  simulateSubject: async (
    input: { config: SimulationConfig; grade: Grade; seed: number },
    progress: (done: number) => void,
  ): Promise<SimulatedSubject> =>
    (await import('../perfusion/simulate/subject-simulation')).simulateSubject(
      input.config,
      input.grade,
      input.seed,
      (p) => progress(Math.round(1000 * p.fraction)),
    ),
  /** A cohort's grading statistics (nested CV, bootstrap, permutations): minutes at a thousand subjects. */
  gradingStatistics: async (input: GradingStatisticsInput): Promise<GradingStatistics> =>
    (await import('../reports/grading-statistics')).gradingStatistics(input),
  /** The QTMnet training samples of one simulated subject. */
  trainingSamples: async (input: TrainingSubjectRequest): Promise<PatchSample[]> =>
    (await import('./training-samples')).trainingSubjectSamples(input),
  /** QTMnet maps of one volume; progress in voxels. */
  inferQtmnet: async (
    input: InferenceRequest,
    progress: (done: number) => void,
  ): Promise<InferenceTaskOutput> => (await import('./qtmnet-inference-task')).inferQtmnet(input, progress),
} as const;

export type PoolTaskName = keyof typeof POOL_TASKS;
export type PoolTaskInput<N extends PoolTaskName> = Parameters<(typeof POOL_TASKS)[N]>[0];
export type PoolTaskOutput<N extends PoolTaskName> = Awaited<ReturnType<(typeof POOL_TASKS)[N]>>;
