/**
 * The functions the worker pool can run, by name. A task takes one chunk of input (structured-cloneable:
 * plain objects, typed arrays) and a progress callback (units done so far within the chunk), and returns
 * the chunk's output, or a promise of it. Outputs move to the caller: the buffers of their typed arrays are
 * transferred, so a task returns arrays it does not keep. Add an entry here to run another function on the
 * pool's threads.
 */
import { fitCurveBatch } from '../perfusion/fit/curve-batch';
import { fitVoxelBatch } from '../perfusion/fit/volume-fit';
import type { SimulationConfig } from '../perfusion/simulate/simulation-config';
import { type Grade, simulateSubject } from '../perfusion/simulate/subject-simulation';
import { type GradingStatisticsInput, gradingStatistics } from '../reports/grading-statistics';
import { fitOsipiChunk } from './osipi-chunk-fit';
import type { InferenceRequest, InferenceTaskOutput } from './qtmnet-inference-task';
import { type TrainingSubjectRequest, trainingSubjectSamples } from './training-samples';

export const POOL_TASKS = {
  fitCurves: fitCurveBatch,
  fitVoxels: fitVoxelBatch,
  /** Rows of an osipi curve file: parsed from bytes, fitted, formatted as output lines. */
  fitOsipiChunk,
  /** One subject; progress in thousandths of the whole simulation. */
  simulateSubject: (
    input: { config: SimulationConfig; grade: Grade; seed: number },
    progress: (done: number) => void,
  ) => simulateSubject(input.config, input.grade, input.seed, (p) => progress(Math.round(1000 * p.fraction))),
  /** A cohort's grading statistics (nested CV, bootstrap, permutations): minutes at a thousand subjects. */
  gradingStatistics: (input: GradingStatisticsInput) => gradingStatistics(input),
  /** The QTMnet training samples of one simulated subject. */
  trainingSamples: (input: TrainingSubjectRequest) => trainingSubjectSamples(input),
  /**
   * QTMnet maps of one volume; progress in voxels. Loaded on first use, so threads that only fit never
   * load tfjs.
   */
  inferQtmnet: async (
    input: InferenceRequest,
    progress: (done: number) => void,
  ): Promise<InferenceTaskOutput> => (await import('./qtmnet-inference-task')).inferQtmnet(input, progress),
} as const;

export type PoolTaskName = keyof typeof POOL_TASKS;
export type PoolTaskInput<N extends PoolTaskName> = Parameters<(typeof POOL_TASKS)[N]>[0];
export type PoolTaskOutput<N extends PoolTaskName> = Awaited<ReturnType<(typeof POOL_TASKS)[N]>>;
