/**
 * Byte form of a training dataset: shards of patch samples plus a manifest listing each shard's sha256 and
 * per-subject counts (enough to split by subject and to seek a data position without reading shards). The
 * dataset is known by the sha256 of its manifest. Files and object keys are the caller's business
 * (formats/patch-shards.ts on disk).
 */
import { PerfusionInputError } from '../errors';
import { INPUT_SCALES, type InputScale } from './input-scale';
import { PARAMETER_COUNT } from './parameter-scales';
import {
  checkPatch,
  describePatchShape,
  type PatchSample,
  type PatchShape,
  samePatchShape,
  voxelsPerPatch,
} from './patch-layout';
import type { PatchShardInfo } from './patch-source';
import { decodeBundle, encodeBundle } from './tensor-bundle';

export interface ShardManifestEntry extends PatchShardInfo {
  /** Shard name relative to the manifest (a file name or object key suffix). */
  name: string;
  sha256: string;
  bytes: number;
}

export interface ShardManifest {
  format: 'qtmnet-patch-shards';
  version: 1;
  shape: PatchShape;
  /** Frame interval of every patch, s. */
  frameIntervalS: number;
  /** Subject-level input scale of the samples (input-scale.ts); absent in datasets made without one. */
  inputScale?: InputScale;
  shards: ShardManifestEntry[];
}

const MAGIC = 'QTMSHRD1';

export function encodeShard(shape: PatchShape, samples: readonly PatchSample[]): Uint8Array {
  samples.forEach((p, i) => {
    checkPatch(shape, p, `sample ${i}`);
  });
  const v = voxelsPerPatch(shape);
  const concentration = new Float32Array(samples.length * shape.frames * v);
  const labels = new Float32Array(samples.length * v * PARAMETER_COUNT);
  samples.forEach((p, i) => {
    concentration.set(p.concentration, i * shape.frames * v);
    labels.set(p.labels, i * v * PARAMETER_COUNT);
  });
  return encodeBundle(MAGIC, { shape, subjects: samples.map((p) => p.subject) }, [
    { name: 'concentration', shape: [samples.length, shape.frames, v], values: concentration },
    { name: 'labels', shape: [samples.length, v, PARAMETER_COUNT], values: labels },
  ]);
}

export function decodeShard(bytes: Uint8Array, expected: PatchShape, what: string): PatchSample[] {
  const { meta, tensors } = decodeBundle<{ shape: PatchShape; subjects: string[] }>(
    MAGIC,
    bytes,
    'CORRUPT_SHARD',
    what,
  );
  if (!samePatchShape(meta.shape, expected)) {
    throw new PerfusionInputError(
      'SHAPE_MISMATCH',
      `${what} holds ${describePatchShape(meta.shape)} patches, the manifest says ${describePatchShape(expected)}`,
    );
  }
  const [conc, labels] = tensors;
  const cs = conc.values.length / meta.subjects.length;
  const ls = labels.values.length / meta.subjects.length;
  return meta.subjects.map((subject, i) => ({
    subject,
    concentration: conc.values.subarray(i * cs, (i + 1) * cs),
    labels: labels.values.subarray(i * ls, (i + 1) * ls),
  }));
}

export function subjectCounts(samples: readonly PatchSample[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of samples) counts[p.subject] = (counts[p.subject] ?? 0) + 1;
  return counts;
}

export function encodeManifest(manifest: ShardManifest): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(manifest, null, 1)}\n`);
}

export function decodeManifest(bytes: Uint8Array, what: string): ShardManifest {
  let m: ShardManifest;
  try {
    m = JSON.parse(new TextDecoder().decode(bytes)) as ShardManifest;
  } catch (err) {
    throw new PerfusionInputError('CORRUPT_MANIFEST', `${what} is not valid JSON; regenerate the dataset`, {
      cause: err,
    });
  }
  if (
    m.format !== 'qtmnet-patch-shards' ||
    m.version !== 1 ||
    !Array.isArray(m.shards) ||
    m.shape === undefined
  ) {
    throw new PerfusionInputError('CORRUPT_MANIFEST', `${what} is not a qtmnet-patch-shards v1 manifest`);
  }
  if (m.inputScale !== undefined && !(INPUT_SCALES as readonly unknown[]).includes(m.inputScale))
    throw new PerfusionInputError(
      'CORRUPT_MANIFEST',
      `${what}: inputScale ${JSON.stringify(m.inputScale)} is not one of ${INPUT_SCALES.join(', ')}; regenerate the dataset`,
    );
  return m;
}
