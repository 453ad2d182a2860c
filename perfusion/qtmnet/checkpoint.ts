/**
 * Training checkpoints: everything needed to continue a run exactly (weights, Adam moments and step, data
 * position, batch size and its out-of-memory history, loss history). Randomness is derived from the run
 * seed and the epoch/step counters (patch-source.ts derivedSeed), so the counters are the generator state.
 * A checkpoint carries the fingerprint of the run that wrote it; resuming a different run is refused.
 */
import * as tf from '@tensorflow/tfjs';
import { PerfusionInputError } from '../errors';
import type { AdamOptimizer } from './adam-optimizer';
import type { QtmNetwork } from './network';
import { type BundleTensor, decodeBundle, encodeBundle } from './tensor-bundle';

/** Where checkpoints live: a folder (CLI), the object store (workflows). Bytes in, bytes out. */
export interface CheckpointStore {
  save(step: number, bytes: Uint8Array): Promise<void>;
  /** The most recently saved checkpoint, or undefined when there is none. */
  loadLatest(): Promise<Uint8Array | undefined>;
}

export interface EpochRecord {
  epoch: number;
  /** Mean training loss of the epoch (MSE of standardised log parameters, dimensionless). */
  trainLoss: number;
  validationLoss: number;
}

export interface OutOfMemoryEvent {
  step: number;
  fromBatchSize: number;
  toBatchSize: number;
}

export interface TrainingState {
  epoch: number;
  /** Samples of the current epoch already trained on (the data position). */
  sampleInEpoch: number;
  step: number;
  batchSize: number;
  outOfMemory: OutOfMemoryEvent[];
  epochLossSum: number;
  epochSamples: number;
  history: EpochRecord[];
}

interface CheckpointMeta {
  format: 'qtmnet-checkpoint';
  version: 1;
  fingerprint: string;
  state: TrainingState;
}

const MAGIC = 'QTMCKPT1';

export function encodeCheckpoint(
  fingerprint: string,
  state: TrainingState,
  network: QtmNetwork,
  optimiser: AdamOptimizer,
): Uint8Array {
  const tensors: BundleTensor[] = [
    ...network.variables.map((v) => ({
      name: v.name,
      shape: v.variable.shape,
      values: v.variable.dataSync() as Float32Array,
    })),
    ...optimiser.moments().map((values, i) => ({
      name: `adam/${i}`,
      shape: network.variables[i % network.variables.length].variable.shape,
      values,
    })),
  ];
  const meta: CheckpointMeta = {
    format: 'qtmnet-checkpoint',
    version: 1,
    fingerprint,
    state: { ...state, step: optimiser.stepCount },
  };
  return encodeBundle(MAGIC, meta, tensors);
}

/** Verifies and applies a checkpoint to a freshly built network and optimiser; returns the saved state. */
export function restoreCheckpoint(
  bytes: Uint8Array,
  fingerprint: string,
  network: QtmNetwork,
  optimiser: AdamOptimizer,
): TrainingState {
  const { meta, tensors } = decodeBundle<CheckpointMeta>(MAGIC, bytes, 'CORRUPT_CHECKPOINT', 'checkpoint');
  if (meta.format !== 'qtmnet-checkpoint' || meta.version !== 1) {
    throw new PerfusionInputError(
      'CHECKPOINT_MISMATCH',
      `checkpoint format ${meta.format} v${meta.version} is not qtmnet-checkpoint v1`,
    );
  }
  if (meta.fingerprint !== fingerprint) {
    throw new PerfusionInputError(
      'CHECKPOINT_MISMATCH',
      `checkpoint belongs to another training run (fingerprint ${meta.fingerprint.slice(0, 12)}, this run ${fingerprint.slice(0, 12)}: network, data, seed, batch size or learning rate differ); use a fresh output folder or the original config`,
    );
  }
  const nWeights = network.variables.length;
  if (tensors.length !== 3 * nWeights) {
    throw new PerfusionInputError(
      'CHECKPOINT_MISMATCH',
      `checkpoint holds ${tensors.length} arrays, this network needs ${3 * nWeights}`,
    );
  }
  network.variables.forEach((v, i) => {
    const t = tensors[i];
    if (t.name !== v.name || t.shape.join('x') !== v.variable.shape.join('x')) {
      throw new PerfusionInputError(
        'CHECKPOINT_MISMATCH',
        `checkpoint array ${t.name} [${t.shape}] does not fit variable ${v.name} [${v.variable.shape}]`,
      );
    }
    tf.tidy(() => v.variable.assign(tf.tensor(t.values, t.shape)));
  });
  optimiser.restore(
    meta.state.step,
    tensors.slice(nWeights).map((t) => t.values),
  );
  return meta.state;
}
