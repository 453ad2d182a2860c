/**
 * QTMnet inference as a pool task (compute/pool-tasks.ts): selects the tfjs backend in the running thread,
 * loads the network and runs perfusion/qtmnet/volume-inference on one volume. The network loaded last stays
 * in the thread, keyed by the sha256 of its weights, its architecture and the backend, so a persistent pool
 * thread answers the next request for the same model without rebuilding it. Reuse cannot change results:
 * inference reads the weights and never writes them, and the MC-dropout masks come from the request's seed.
 */

import type { SampledCurve } from '../perfusion/aif/venous-output-scaling';
import { type BackendName, type SelectedBackend, selectBackend } from '../perfusion/qtmnet/backend';
import type {
  ConcentrationVolume,
  VolumeInferenceOptions,
  VolumeInferenceResult,
} from '../perfusion/qtmnet/inferred-maps';
import { type InputScale, scaledConcentration, subjectInputFactor } from '../perfusion/qtmnet/input-scale';
import type { QtmNetwork } from '../perfusion/qtmnet/network';
import { loadNetwork, type ModelMetadata } from '../perfusion/qtmnet/trained-model';
import { inferVolume } from '../perfusion/qtmnet/volume-inference';
import { sha256Hex } from '../perfusion/sha256';

export interface InferenceRequest {
  metadata: ModelMetadata;
  weights: Uint8Array;
  volume: ConcentrationVolume;
  /**
   * The subject's venous output function (s, mM), required by a model trained with an input scale
   * (metadata.normalisation.inputScale); `subject` names the subject in errors.
   */
  venousOutput?: SampledCurve;
  subject?: string;
  options: Omit<VolumeInferenceOptions, 'onProgress'>;
  /** Forced backend (QTM_TF_BACKEND); automatic when absent. */
  backend?: BackendName;
}

/**
 * The maps, the backend the thread selected (with its provider), whether its network was reused, and the
 * input scale applied (a model trained with one: its kind and the subject's factor).
 */
export type InferenceTaskOutput = Omit<VolumeInferenceResult, 'backend'> & {
  backend: SelectedBackend;
  modelReused: boolean;
  inputScale?: { kind: InputScale; factor: number };
};

let warm: { key: string; network: QtmNetwork } | undefined;

function network(
  request: InferenceRequest,
  backend: SelectedBackend,
): { network: QtmNetwork; reused: boolean } {
  const { metadata, weights } = request;
  const weightsSha256 = sha256Hex(weights);
  const key = JSON.stringify([backend.name, weightsSha256, metadata.network, metadata.shape]);
  // A reused network must still match this request's metadata, as loadNetwork would check.
  if (warm?.key === key && weightsSha256 === metadata.weightsSha256)
    return { network: warm.network, reused: true };
  warm?.network.dispose();
  warm = undefined;
  const loaded = loadNetwork(metadata, weights);
  warm = { key, network: loaded };
  return { network: loaded, reused: false };
}

export async function inferQtmnet(
  request: InferenceRequest,
  progress: (voxelsDone: number) => void,
): Promise<InferenceTaskOutput> {
  const backend = await selectBackend(request.backend);
  const { network: net, reused } = network(request, backend);
  const { volume, venousOutput, subject, metadata } = request;
  const kind = metadata.normalisation.inputScale?.kind;
  const factor = subjectInputFactor(kind, venousOutput, subject ?? 'the input volume');
  const scaled = { ...volume, concentration: scaledConcentration(volume.concentration, factor) };
  const result = inferVolume(net, scaled, {
    ...request.options,
    onProgress: (done) => progress(done),
  });
  return { ...result, backend, modelReused: reused, ...(kind && { inputScale: { kind, factor } }) };
}
