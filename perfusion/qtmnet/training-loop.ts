/**
 * QTMnet training: Adam on the mean squared error of standardised log parameters, seeded and deterministic
 * on a given backend, validation loss per epoch, checkpoints every N steps and at each epoch end, exact
 * resume, and halving of the batch size when the backend runs out of memory (recorded in the checkpoint;
 * the bit-identical guarantee covers runs without such an event). The caller selects the backend first.
 */
import * as tf from '@tensorflow/tfjs';
import { PerfusionInputError } from '../errors';
import { createSeededRandom } from '../random/seeded-random';
import { sha256Hex } from '../sha256';
import { AdamOptimizer } from './adam-optimizer';
import { inputTensor, targetTensor } from './batch-tensors';
import {
  type CheckpointStore,
  type EpochRecord,
  encodeCheckpoint,
  restoreCheckpoint,
  type TrainingState,
} from './checkpoint';
import { createNetwork } from './create-network';
import type { NetworkConfig, QtmNetwork } from './network';
import { seededDropout } from './network-variables';
import { PatchCursor } from './patch-cursor';
import type { PatchSample } from './patch-layout';
import { datasetSubjects, derivedSeed, type PatchSource, splitSubjects } from './patch-source';
import { checkTrainingSettings, type TrainingSettings } from './training-settings';

export interface TrainingProgress {
  epoch: number;
  step: number;
  /** Loss of the last batch (dimensionless). */
  loss: number;
  samplesPerSecond: number;
  batchSize: number;
}

export interface TrainingOptions {
  settings: TrainingSettings;
  source: PatchSource;
  /** Where checkpoints go; without it the run cannot be resumed. */
  checkpoints?: CheckpointStore;
  onProgress?: (p: TrainingProgress) => void;
  onEpoch?: (r: EpochRecord) => void;
  /** Stops after the current step (and its checkpoint) with a TRAINING_CANCELLED error. */
  signal?: AbortSignal;
  /**
   * Called before each step with the batch size; an out-of-memory error thrown here is handled like one from
   * the backend. Lets a worker enforce a device memory budget, and tests exercise the batch-size fallback.
   */
  beforeStep?: (batchSize: number) => void;
}

export interface TrainingResult {
  network: QtmNetwork;
  state: TrainingState;
  fingerprint: string;
  /** Step of the checkpoint this run resumed from, if any. */
  resumedFromStep?: number;
  /** The tfjs backend the run computed on (tensorflow, wasm or cpu). */
  backend: string;
}

/** Identity of a run: what must match for a checkpoint to be resumable (epoch count may grow). */
export function trainingFingerprint(settings: TrainingSettings, source: PatchSource): string {
  const { network, batchSize, learningRate, seed, validationFraction } = settings;
  const id = {
    network,
    batchSize,
    learningRate,
    seed,
    validationFraction,
    shape: source.shape,
    data: source.datasetHash,
  };
  return sha256Hex(new TextEncoder().encode(JSON.stringify(id)));
}

function isOutOfMemory(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /out of memory|\bOOM\b|failed to allocate|memory size exceeded|Memory\.grow|Array buffer allocation/i.test(
    message,
  );
}

function meanSquaredError(prediction: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.mean(tf.squaredDifference(prediction, target));
}

function trainStep(
  network: QtmNetwork,
  optimiser: AdamOptimizer,
  batch: PatchSample[],
  dropoutSeed: number,
): number {
  const variables = network.variables.map((v) => v.variable);
  return tf.tidy(() => {
    const x = inputTensor(
      network.shape,
      batch.map((p) => p.concentration),
    );
    const y = targetTensor(network, batch);
    const dropout = seededDropout(createSeededRandom(dropoutSeed));
    const { value, grads } = tf.variableGrads(
      () => meanSquaredError(network.apply(x, dropout), y),
      variables,
    );
    optimiser.apply(variables.map((v) => grads[v.name]));
    return value.dataSync()[0];
  });
}

async function validationLoss(
  network: QtmNetwork,
  source: PatchSource,
  subjects: ReadonlySet<string>,
  batchSize: number,
): Promise<number> {
  const cursor = await PatchCursor.open(source, subjects, {});
  let sum = 0;
  let n = 0;
  for (let batch = await cursor.take(batchSize); batch.length > 0; batch = await cursor.take(batchSize)) {
    const loss = tf.tidy(() => {
      const x = inputTensor(
        network.shape,
        batch.map((p) => p.concentration),
      );
      return meanSquaredError(network.apply(x), targetTensor(network, batch)).dataSync()[0];
    });
    sum += loss * batch.length;
    n += batch.length;
  }
  return sum / n;
}

export async function trainQtmnet(options: TrainingOptions): Promise<TrainingResult> {
  const { settings, source, checkpoints } = options;
  checkTrainingSettings(settings);
  const split = splitSubjects(
    datasetSubjects(source),
    settings.validationFraction,
    derivedSeed(settings.seed, 3),
  );
  const fingerprint = trainingFingerprint(settings, source);
  const network = createNetwork(
    settings.network as NetworkConfig,
    source.shape,
    derivedSeed(settings.seed, 4),
  );
  const optimiser = new AdamOptimizer(network.variables, { learningRate: settings.learningRate });
  let state: TrainingState = {
    epoch: 0,
    sampleInEpoch: 0,
    step: 0,
    batchSize: settings.batchSize,
    outOfMemory: [],
    epochLossSum: 0,
    epochSamples: 0,
    history: [],
  };
  const saved = checkpoints === undefined ? undefined : await checkpoints.loadLatest();
  if (saved !== undefined) state = restoreCheckpoint(saved, fingerprint, network, optimiser);
  const resumedFromStep = saved === undefined ? undefined : state.step;
  const save = async (): Promise<void> => {
    if (checkpoints !== undefined)
      await checkpoints.save(state.step, encodeCheckpoint(fingerprint, state, network, optimiser));
  };

  while (state.epoch < settings.epochs) {
    let cursor = await PatchCursor.open(
      source,
      split.train,
      { seed: settings.seed, epoch: state.epoch },
      state.sampleInEpoch,
    );
    let clock = Date.now();
    for (
      let batch = await cursor.take(state.batchSize);
      batch.length > 0;
      batch = await cursor.take(state.batchSize)
    ) {
      let loss: number;
      try {
        options.beforeStep?.(batch.length);
        loss = trainStep(network, optimiser, batch, derivedSeed(settings.seed, 5, state.step));
      } catch (err) {
        if (!isOutOfMemory(err) || state.batchSize === 1) throw err;
        const toBatchSize = Math.max(1, Math.floor(state.batchSize / 2));
        state.outOfMemory.push({ step: state.step, fromBatchSize: state.batchSize, toBatchSize });
        state.batchSize = toBatchSize;
        cursor = await PatchCursor.open(
          source,
          split.train,
          { seed: settings.seed, epoch: state.epoch },
          state.sampleInEpoch,
        );
        continue;
      }
      state.step += 1;
      state.sampleInEpoch += batch.length;
      state.epochLossSum += loss * batch.length;
      state.epochSamples += batch.length;
      const now = Date.now();
      options.onProgress?.({
        epoch: state.epoch,
        step: state.step,
        loss,
        samplesPerSecond: (1000 * batch.length) / Math.max(1, now - clock),
        batchSize: state.batchSize,
      });
      clock = now;
      if (state.step % settings.checkpointEverySteps === 0) await save();
      if (options.signal?.aborted) {
        await save();
        throw new PerfusionInputError(
          'TRAINING_CANCELLED',
          `training cancelled at step ${state.step}; the last checkpoint resumes it`,
        );
      }
    }
    const record: EpochRecord = {
      epoch: state.epoch,
      trainLoss: state.epochLossSum / Math.max(1, state.epochSamples),
      validationLoss: await validationLoss(network, source, split.validation, state.batchSize),
    };
    state = {
      ...state,
      epoch: state.epoch + 1,
      sampleInEpoch: 0,
      epochLossSum: 0,
      epochSamples: 0,
      history: [...state.history, record],
    };
    options.onEpoch?.(record);
    await save();
  }
  optimiser.dispose();
  return { network, state, fingerprint, resumedFromStep, backend: tf.getBackend() };
}
