/**
 * Settings of TensorFlow's C library (behind the `tensorflow` backend) that decide whether training is
 * reproducible, and that the library reads from the environment once, when it loads: they must be in the
 * process environment before @tensorflow/tfjs-node(-gpu) is first required.
 *
 * Measured with TensorFlow 2.18.1 on CPU (perfusion/qtmnet/README.md, "Determinism"): results are bit-identical
 * run to run and across a checkpoint/resume for a given intra-op thread count, but change with that count
 * (the kernels split their sums by thread) and with oneDNN on or off. So both are fixed explicitly and
 * recorded with every result. oneDNN stays on (TensorFlow's default on x86): Conv3D, the U-Net's kernel, is
 * 4-6x faster with it. TF_DETERMINISTIC_OPS made no difference on CPU; it is set because on a GPU it selects
 * deterministic cuDNN algorithms (not tested here: no GPU was available).
 */
import { availableParallelism } from 'node:os';

/** What a run computed with, as recorded in model metadata and returned by the train step. */
export interface TensorflowLibrarySettings {
  /** Threads one kernel may use (TF_NUM_INTRAOP_THREADS). */
  intraOpThreads: number;
  /** TF_DETERMINISTIC_OPS=1: deterministic kernels where TensorFlow has them (matters on GPUs). */
  deterministicOps: boolean;
  /** TF_ENABLE_ONEDNN_OPTS: Intel oneDNN kernels on x86 CPUs. */
  onednn: boolean;
}

/**
 * Project defaults; a value already in the environment wins (e.g. TF_NUM_INTRAOP_THREADS=1 to leave a core
 * free). Logging: 1 hides the library's start-up INFO lines, keeps warnings and errors.
 */
const DEFAULTS = {
  TF_DETERMINISTIC_OPS: '1',
  TF_ENABLE_ONEDNN_OPTS: '1',
  TF_CPP_MIN_LOG_LEVEL: '1',
} as const;

let settled: TensorflowLibrarySettings | undefined;

/**
 * Writes the defaults into `env` (the real process environment in production; a test harness passes the
 * environment its workers inherit) and returns the settings in force. The first call in a process wins:
 * the library reads its environment only once.
 */
export function prepareTensorflowEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): TensorflowLibrarySettings {
  if (settled !== undefined) return settled;
  for (const [key, value] of Object.entries(DEFAULTS)) env[key] ??= value;
  env.TF_NUM_INTRAOP_THREADS ??= String(availableParallelism());
  settled = {
    intraOpThreads: Number(env.TF_NUM_INTRAOP_THREADS),
    deterministicOps: env.TF_DETERMINISTIC_OPS === '1' || env.TF_DETERMINISTIC_OPS === 'true',
    onednn: env.TF_ENABLE_ONEDNN_OPTS !== '0' && env.TF_ENABLE_ONEDNN_OPTS !== 'false',
  };
  return settled;
}
