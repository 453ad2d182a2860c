/**
 * The job behind `qtm infer --model DIR --subject <subject dir> --out DIR`: QTMnet parameter maps and MC-dropout uncertainty
 * maps for every brain-mask voxel of a subject folder, computed on a worker thread (of the given pool, or of
 * a one-shot one). Maps are written in the field's units with the subject folder's names (u_mm_s,
 * fp_ml_100ml_min, ps_per_min, vp, ve, ktrans_per_min; uncertainty as <name>_sd), plus provenance.json.
 * Input acquired with another protocol than the model's is refused unless --resample is given.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { type InferenceResult, inferOnPool } from '../compute/qtmnet-inference';
import type { WorkerPool } from '../compute/worker-pool';
import { pendingFolder } from '../formats/atomic-write';
import { type ModelFolder, readModelFolder } from '../formats/model-folder';
import { writeNifti } from '../formats/nifti';
import { readSubjectFolder, type SubjectFolder } from '../formats/subject-folder';
import { parseBackendName, type SelectedBackend } from '../perfusion/qtmnet/backend';
import type { MapName } from '../perfusion/qtmnet/inferred-maps';
import { matchProtocol } from '../perfusion/qtmnet/protocol-match';
import { sha256Hex } from '../perfusion/sha256';
import { codeVersion } from '../runtime/code-version';

export interface InferCommandOptions {
  model: string;
  input: string;
  out: string;
  resample?: boolean;
  batchSize: number;
  mcSamples: number;
  seed: number;
  backendOverride?: string;
  log?: (line: string) => void;
  /** A long-lived pool (a worker process's shared pool) whose threads keep the network loaded. */
  pool?: WorkerPool;
  /** Aborting stops the inference (code CANCELLED); nothing is written. */
  signal?: AbortSignal;
}

/** Output name and factor from SI (inside perfusion/) to the field's unit. */
const OUTPUTS: Array<[MapName, string, number]> = [
  ['u', 'u_mm_s', 1000],
  ['fp', 'fp_ml_100ml_min', 6000],
  ['ps', 'ps_per_min', 60],
  ['vp', 'vp', 1],
  ['ve', 've', 1],
  ['ktrans', 'ktrans_per_min', 60],
];

export async function runInfer(
  opts: InferCommandOptions,
): Promise<{ backend: SelectedBackend; voxels: number }> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const model = await readModelFolder(opts.model);
  const subject = readSubjectFolder(opts.input);
  const nonFinite = subject.nonFiniteVoxels?.['conc.nii.gz'] ?? 0;
  if (nonFinite > 0)
    log(`qtm infer: ${nonFinite} voxels of ${opts.input}/conc.nii.gz hold NaN or infinite values`);
  const dims = subject.geometry.dims;
  const nvox = dims[0] * dims[1] * dims[2];
  const concentration = matchProtocol(
    model.metadata.protocol,
    subject.protocol.frame_times_s,
    subject.conc,
    nvox,
    opts.resample === true,
  );
  let lastTenth = -1;
  const result = await inferOnPool(
    {
      metadata: model.metadata,
      weights: model.weights,
      volume: { dims, frames: model.metadata.protocol.frames, concentration, mask: subject.maskBrain },
      // Used only by a model trained with an input scale (the task applies it and says so in its result).
      venousOutput: subject.vof && { tS: subject.vof.tS, c: subject.vof.cpMm },
      subject: `subject folder ${opts.input}`,
      options: { batchSize: opts.batchSize, mcSamples: opts.mcSamples, seed: opts.seed },
      backend: parseBackendName(opts.backendOverride),
    },
    {
      pool: opts.pool,
      signal: opts.signal,
      onProgress: (done, total) => {
        const tenth = Math.floor((10 * done) / total);
        if (tenth !== lastTenth) log(`qtm infer: ${done}/${total} voxels`);
        lastTenth = tenth;
      },
    },
  );
  const folder = pendingFolder(opts.out);
  try {
    writeInferredMaps(folder.path, opts, subject, model, result);
    folder.commit();
  } finally {
    folder.discard();
  }
  return { backend: result.backend, voxels: subject.maskBrain.reduce((a, m) => a + (m !== 0 ? 1 : 0), 0) };
}

/** The maps, their uncertainty and provenance.json, into `out`. */
function writeInferredMaps(
  out: string,
  opts: InferCommandOptions,
  subject: SubjectFolder,
  model: ModelFolder,
  result: InferenceResult,
): void {
  const dims = subject.geometry.dims;
  const written: Record<string, string> = {};
  const geometry = {
    dims: [...dims],
    voxelSizeMm: subject.geometry.voxelSizeMm,
    frameIntervalS: 0,
    affine: subject.geometry.affine,
  };
  for (const [key, name, factor] of OUTPUTS) {
    for (const [suffix, map] of [
      ['', result.maps[key]],
      ['_sd', result.uncertainty[key]],
    ] as const) {
      const file = `${name}${suffix}.nii.gz`;
      // Float32Array.from: arrays posted from the worker may belong to another realm (e.g. under jest's vm).
      writeNifti(path.join(out, file), { ...geometry, data: Float32Array.from(map, (v) => v * factor) });
      written[file] = file;
    }
  }
  const provenance = {
    command: 'qtm infer',
    code_version: codeVersion(),
    backend: result.backend,
    options: {
      resample: opts.resample === true,
      batchSize: opts.batchSize,
      mcSamples: opts.mcSamples,
      seed: opts.seed,
    },
    model: {
      dir: opts.model,
      weights_sha256: model.metadata.weightsSha256,
      training_data_sha256: model.metadata.trainingDataHash,
    },
    // The subject's concentrations were divided by this factor (its venous output's area; input-scale.ts).
    ...(result.inputScale && { input_scale: result.inputScale }),
    input: {
      dir: opts.input,
      provenance_sha256: sha256Hex(JSON.stringify(subject.provenance)),
      // Their maps are NaN or unreliable there: counted so the result says so.
      non_finite_voxels: subject.nonFiniteVoxels,
    },
    outputs: Object.keys(written),
  };
  writeFileSync(path.join(out, 'provenance.json'), `${JSON.stringify(provenance, null, 2)}\n`);
}
