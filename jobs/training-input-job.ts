/**
 * A simulated QTMnet training set (the `simulate` section of a training config) written as patch shards:
 * the subjects are simulated on a worker pool, several at once, and their samples grouped into shards in
 * subject order as they arrive, so the dataset is the same whatever the thread count. The training-input
 * activity runs it on its worker's shared pool and stores the folder as a dataset (a cached step, so a
 * retried training never simulates again); `qtm train` runs it on a pool of its own when its data folder
 * is empty.
 */

import { defaultThreadCount } from '../compute/pool-thread';
import { WorkerPool } from '../compute/worker-pool';
import type { SimulatedDatasetSettings } from '../contracts/training-config';
import { PatchShardWriter } from '../formats/patch-shards';
import { recordSimulatedDataset, simulatedDatasetPresent } from '../formats/simulated-patch-dataset';
import { resolveSimulationConfig } from '../formats/simulation-config';
import type { PatchShape } from '../perfusion/qtmnet/patch-layout';
import { ShardGrouping } from '../perfusion/qtmnet/simulator-samples';

export interface TrainingInputOptions {
  /** the folder the shards and their manifest are written to */
  dir: string;
  settings: SimulatedDatasetSettings;
  pool: WorkerPool;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** subjects done of all */
  onProgress?: (done: number, total: number) => void;
}

/** Simulates the training set into `dir`; returns the manifest's sha256. */
export async function simulateTrainingInput(o: TrainingInputOptions): Promise<string> {
  const { settings } = o;
  const config = resolveSimulationConfig(settings.config, 'simulate.config');
  const frames = config.protocol.frameCount;
  const shape: PatchShape = settings.wholePatch
    ? { frames, block: settings.patchSize }
    : { frames, side: settings.side };
  const writer = new PatchShardWriter(o.dir, shape, config.protocol.frameIntervalS, settings.inputScale);
  const grouping = new ShardGrouping(settings.samplesPerShard);
  const subjects = Array.from({ length: settings.subjects }, (_, subject) => ({
    settings,
    config,
    shape,
    subject,
  }));
  await o.pool.runStream(
    'trainingSamples',
    subjects,
    async (samples, k) => {
      o.log?.(`simulated subject ${k + 1}/${settings.subjects} (seed ${settings.seed + k})`);
      for (const shard of grouping.add(samples)) await writer.addShard(shard);
      o.onProgress?.(k + 1, settings.subjects);
    },
    { signal: o.signal, offMainThread: true },
  );
  for (const shard of grouping.finish()) await writer.addShard(shard);
  return writer.finish();
}

/**
 * `qtm train`: simulates the training set into `dir` unless it is there already (simulatedDatasetPresent),
 * on a pool of its own, and records its settings beside it.
 */
export async function ensureTrainingInput(
  dir: string,
  settings: SimulatedDatasetSettings,
  codeVersion: string,
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  if (simulatedDatasetPresent(dir, settings, codeVersion, log)) return;
  const pool = new WorkerPool(Math.max(1, Math.min(defaultThreadCount(), settings.subjects)));
  try {
    await simulateTrainingInput({ dir, settings, pool, signal, log });
  } finally {
    await pool.close();
  }
  recordSimulatedDataset(dir, settings, codeVersion);
}
