/**
 * The job behind `qtm train --config <yaml> --out DIR`: trains QTMnet on a patch-shard dataset and writes the model folder
 * (weights.bin + metadata.json). Checkpoints go to DIR/checkpoints; rerunning the same command after a crash
 * resumes from the last one. QTM_TF_BACKEND=tensorflow|wasm|cpu overrides the config's backend.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { FolderCheckpointStore } from '../formats/checkpoint-folder';
import { FormatError } from '../formats/format-error';
import { writeModelFolder } from '../formats/model-folder';
import { openPatchShards } from '../formats/patch-shards';
import { ensureSimulatedDataset } from '../formats/simulated-patch-dataset';
import {
  describeBackend,
  parseBackendName,
  type SelectedBackend,
  selectBackend,
} from '../perfusion/qtmnet/backend';
import type { CheckpointStore } from '../perfusion/qtmnet/checkpoint';
import { encodeWeights, modelMetadata } from '../perfusion/qtmnet/trained-model';
import { trainQtmnet } from '../perfusion/qtmnet/training-loop';
import { codeVersion } from '../storage/code-version';

const positiveInt = z.number().int().positive();
export const trainConfigSchema = z.object({
  /** Patch-shard dataset folder (with manifest.json), relative to the config file. */
  data: z.string().min(1),
  backend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'),
  network: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('patch'),
      filters: z.tuple([positiveInt, positiveInt, positiveInt]),
      dense: positiveInt,
      dropout: z.number().min(0).lt(1),
    }),
    z.object({ kind: z.literal('unet3d'), filters: positiveInt, dropout: z.number().min(0).lt(1) }),
  ]),
  /** When present and `data` has no manifest yet, the dataset is simulated there first. */
  simulate: z
    .object({
      config: z.unknown().optional(),
      seed: z.number().int(),
      subjects: z.number().int().min(2),
      patchSize: z.tuple([positiveInt, positiveInt, positiveInt]),
      patchesPerSubject: positiveInt,
      tumourFraction: z.number().min(0).max(1),
      side: positiveInt.refine((n) => n % 2 === 1, 'must be odd').default(3),
      /** Each patch one sample (whole subjects for the unet3d network); no default, so older settings compare equal. */
      wholePatch: z.literal(true).optional(),
      samplesPerShard: positiveInt.default(4096),
    })
    .optional(),
  training: z.object({
    epochs: positiveInt,
    batchSize: positiveInt,
    learningRate: z.number().positive(),
    seed: z.number().int(),
    validationFraction: z.number().gt(0).lt(1),
    checkpointEverySteps: positiveInt,
  }),
});
export type TrainConfig = z.infer<typeof trainConfigSchema>;

export interface TrainCommandOptions {
  config: string;
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

export function readTrainConfig(file: string): TrainConfig {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new FormatError('INVALID_CONFIG', `${file}: cannot read YAML (${(err as Error).message})`);
  }
  const parsed = trainConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FormatError('INVALID_CONFIG', `${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

export async function runTrain(
  opts: TrainCommandOptions,
): Promise<{ backend: SelectedBackend; steps: number; validationLoss: number; resumedFromStep?: number }> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const config = readTrainConfig(opts.config);
  const forced =
    parseBackendName(opts.backendOverride) ?? (config.backend === 'auto' ? undefined : config.backend);
  const backend = await selectBackend(forced);
  log(`qtm train: backend ${describeBackend(backend)}`);
  const dataDir = path.resolve(path.dirname(opts.config), config.data);
  if (config.simulate !== undefined)
    await ensureSimulatedDataset(dataDir, config.simulate, codeVersion(), log);
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
  const metadata = modelMetadata(result.network, weights, {
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
  });
  await writeModelFolder(opts.out, { metadata, weights });
  result.network.dispose();
  return {
    backend,
    steps: result.state.step,
    validationLoss: result.state.history.at(-1)?.validationLoss ?? Number.NaN,
    resumedFromStep: result.resumedFromStep,
  };
}
