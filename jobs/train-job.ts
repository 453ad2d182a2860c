/**
 * The job behind `qtm train --config <yaml> --out DIR` and the train activity: trains QTMnet on a patch-shard dataset and writes the model folder
 * (weights.bin + metadata.json). A recipe with a `simulate` section simulates the dataset first when the
 * data folder has none (the activity passes the dataset of its training-input step instead). Checkpoints go
 * to DIR/checkpoints; rerunning the same command after a crash resumes from the last one. QTM_TF_BACKEND=tensorflow|wasm|cpu overrides the config's backend.
 */
import * as path from 'node:path';
import type { TrainingRecipe } from '../contracts/training-config';
import { FolderCheckpointStore } from '../formats/checkpoint-folder';
import { writeModelFolder } from '../formats/model-folder';
import { openPatchShards } from '../formats/patch-shards';
import {
  describeBackend,
  parseBackendName,
  type SelectedBackend,
  selectBackend,
} from '../perfusion/qtmnet/backend';
import type { CheckpointStore } from '../perfusion/qtmnet/checkpoint';
import { encodeWeights, modelMetadata } from '../perfusion/qtmnet/trained-model';
import { trainQtmnet } from '../perfusion/qtmnet/training-loop';
import { codeVersion } from '../runtime/code-version';
import { ensureTrainingInput } from './training-input-job';

export interface TrainCommandOptions {
  /** Backend, network, schedule and (optionally) how to simulate the training set. */
  recipe: TrainingRecipe;
  /** The patch-shard folder (simulated there first when the recipe says how). */
  dataDir: string;
  out: string;
  /** QTM_TF_BACKEND, read by the caller. */
  backendOverride?: string;
  /** Where progress lines go (stderr by default). */
  log?: (line: string) => void;
  /** Where checkpoints go; default: a folder `<out>/checkpoints` (the train activity passes the object store). */
  checkpoints?: CheckpointStore;
  /** Stops training after the current step and its checkpoint (the activity passes Temporal's cancellation). */
  signal?: AbortSignal;
}

export async function runTrain(
  opts: TrainCommandOptions,
): Promise<{ backend: SelectedBackend; steps: number; validationLoss: number; resumedFromStep?: number }> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const config = opts.recipe;
  const forced =
    parseBackendName(opts.backendOverride) ?? (config.backend === 'auto' ? undefined : config.backend);
  const backend = await selectBackend(forced);
  log(`qtm train: backend ${describeBackend(backend)}`);
  const dataDir = opts.dataDir;
  if (config.simulate !== undefined)
    await ensureTrainingInput(dataDir, config.simulate, codeVersion(), log, opts.signal);
  const source = await openPatchShards(dataDir);
  const started = Date.now();
  const result = await trainQtmnet({
    settings: { network: config.network, ...config.training },
    source,
    checkpoints: opts.checkpoints ?? new FolderCheckpointStore(path.join(opts.out, 'checkpoints')),
    signal: opts.signal,
    onProgress: (p) => {
      if (p.step % 50 === 0)
        log(
          `epoch ${p.epoch} step ${p.step} loss ${p.loss.toFixed(4)} ${p.samplesPerSecond.toFixed(0)} samples/s`,
        );
    },
    onEpoch: (r) =>
      log(
        `epoch ${r.epoch}: train loss ${r.trainLoss.toFixed(4)}, validation loss ${r.validationLoss.toFixed(4)}`,
      ),
  });
  const weights = encodeWeights(result.network);
  const metadata = modelMetadata(
    result.network,
    weights,
    {
      protocol: { frames: source.shape.frames, frameIntervalS: source.frameIntervalS },
      trainingDataHash: source.datasetHash,
      codeVersion: codeVersion(),
      backend,
      training: {
        fingerprint: result.fingerprint,
        steps: result.state.step,
        epochs: result.state.epoch,
        seconds: (Date.now() - started) / 1000,
        history: result.state.history,
      },
    },
    source.inputScale,
  );
  await writeModelFolder(opts.out, { metadata, weights });
  result.network.dispose();
  return {
    backend,
    steps: result.state.step,
    validationLoss: result.state.history.at(-1)?.validationLoss ?? Number.NaN,
    resumedFromStep: result.resumedFromStep,
  };
}
