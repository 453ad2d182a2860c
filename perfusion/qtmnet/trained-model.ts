/**
 * A trained QTMnet as data: weights (a sha256-checked tensor bundle) and the metadata that ties it to an
 * acquisition protocol, its input normalisation, target scales, training data and code. The model folder
 * on disk (formats/model-folder.ts) stores exactly these two.
 */
import * as tf from '@tensorflow/tfjs';
import { PerfusionInputError } from '../errors';
import { sha256Hex } from '../sha256';
import type { RecordedBackend } from './backend';
import type { EpochRecord } from './checkpoint';
import { createNetwork } from './create-network';
import { type InputScale, VENOUS_OUTPUT_REFERENCE_AREA_MM_S } from './input-scale';
import type { NetworkConfig, QtmNetwork } from './network';
import { PARAMETER_SCALES, QTM_PARAMETERS } from './parameter-scales';
import { MIN_PATCH_SCALE_MM, type PatchShape } from './patch-layout';
import { decodeBundle, encodeBundle } from './tensor-bundle';

export interface ModelProtocol {
  frames: number;
  /** Frame interval, s. */
  frameIntervalS: number;
}

export interface ModelMetadata {
  format: 'qtmnet-model';
  version: 1;
  network: NetworkConfig;
  shape: PatchShape;
  protocol: ModelProtocol;
  /**
   * Per-patch normalisation, and (absent in models trained without it) the subject-level input scale the
   * training set was made with (input-scale.ts), which inference must apply too.
   */
  normalisation: {
    kind: 'patch-max-abs-with-log-scale-channel';
    minScaleMm: number;
    inputScale?: { kind: InputScale; referenceAreaMmS: number };
  };
  targets: { parameters: readonly string[]; encoding: string; scales: typeof PARAMETER_SCALES };
  trainingDataHash: string;
  codeVersion: string;
  /**
   * Backend the model was trained on: name, provider and (recorded since the tensorflow backend was
   * installable) the tfjs version and, for `tensorflow`, TensorFlow's version, device and thread settings.
   */
  backend: RecordedBackend;
  training: { fingerprint: string; steps: number; epochs: number; seconds: number; history: EpochRecord[] };
  weightsSha256: string;
}

const MAGIC = 'QTMWGHT1';

export function encodeWeights(network: QtmNetwork): Uint8Array {
  return encodeBundle(
    MAGIC,
    { network: network.config, shape: network.shape },
    network.variables.map((v) => ({
      name: v.name,
      shape: v.variable.shape,
      values: v.variable.dataSync() as Float32Array,
    })),
  );
}

/**
 * Metadata for a network just trained (on a dataset made with `inputScale`, if any); weights are hashed so
 * the pair cannot be mixed up.
 */
export function modelMetadata(
  network: QtmNetwork,
  weights: Uint8Array,
  info: Pick<ModelMetadata, 'protocol' | 'trainingDataHash' | 'codeVersion' | 'backend' | 'training'>,
  inputScale?: InputScale,
): ModelMetadata {
  return {
    format: 'qtmnet-model',
    version: 1,
    network: network.config,
    shape: network.shape,
    normalisation: {
      kind: 'patch-max-abs-with-log-scale-channel',
      minScaleMm: MIN_PATCH_SCALE_MM,
      ...(inputScale && {
        inputScale: { kind: inputScale, referenceAreaMmS: VENOUS_OUTPUT_REFERENCE_AREA_MM_S },
      }),
    },
    targets: {
      parameters: QTM_PARAMETERS,
      encoding: 'z = (ln max(p, floor) - (ln low + ln high)/2) / ((ln high - ln low)/2), SI units',
      scales: PARAMETER_SCALES,
    },
    weightsSha256: sha256Hex(weights),
    ...info,
  };
}

/** Rebuilds the network from metadata and weight bytes, checking that they belong together. */
export function loadNetwork(meta: ModelMetadata, weights: Uint8Array): QtmNetwork {
  if (meta.format !== 'qtmnet-model' || meta.version !== 1) {
    throw new PerfusionInputError(
      'INVALID_MODEL',
      `model metadata format ${meta.format} v${meta.version} is not qtmnet-model v1`,
    );
  }
  if (sha256Hex(weights) !== meta.weightsSha256) {
    throw new PerfusionInputError(
      'INVALID_MODEL',
      'model weights do not match the sha256 in its metadata; the folder mixes two models or a file was altered',
    );
  }
  const { tensors } = decodeBundle(MAGIC, weights, 'INVALID_MODEL', 'model weights');
  const network = createNetwork(meta.network, meta.shape, 0);
  if (tensors.length !== network.variables.length) {
    throw new PerfusionInputError(
      'INVALID_MODEL',
      `model weights hold ${tensors.length} arrays, the network needs ${network.variables.length}`,
    );
  }
  network.variables.forEach((v, i) => {
    if (tensors[i].name !== v.name || tensors[i].shape.join('x') !== v.variable.shape.join('x')) {
      throw new PerfusionInputError(
        'INVALID_MODEL',
        `weights array ${tensors[i].name} does not fit ${v.name}`,
      );
    }
    tf.tidy(() => v.variable.assign(tf.tensor(tensors[i].values, v.variable.shape)));
  });
  return network;
}
