/**
 * QTMnet training datasets on disk: `<dir>/shard-00000.bin ...` and `<dir>/manifest.json` (written last, so a
 * folder with a manifest is complete). Read back as a PatchSource that loads one shard at a time and checks
 * its sha256 against the manifest. Byte layouts: perfusion/qtmnet/patch-shard-codec.ts.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { InputScale } from '../perfusion/qtmnet/input-scale';
import type { PatchSample, PatchShape } from '../perfusion/qtmnet/patch-layout';
import {
  decodeManifest,
  decodeShard,
  encodeManifest,
  encodeShard,
  type ShardManifest,
  subjectCounts,
} from '../perfusion/qtmnet/patch-shard-codec';
import type { PatchSource } from '../perfusion/qtmnet/patch-source';
import { sha256Hex } from '../perfusion/sha256';
import { writeFileAtomicAsync } from './atomic-write';
import { FormatError } from './format-error';

export const MANIFEST_FILE = 'manifest.json';

/**
 * Writes a dataset shard by shard (each shard as it is ready, so the whole set never sits in memory) and
 * the manifest last, on finish.
 */
export class PatchShardWriter {
  private readonly manifest: ShardManifest;

  constructor(
    private readonly dir: string,
    shape: PatchShape,
    frameIntervalS: number,
    inputScale?: InputScale,
  ) {
    this.manifest = {
      format: 'qtmnet-patch-shards',
      version: 1,
      shape,
      frameIntervalS,
      ...(inputScale && { inputScale }),
      shards: [],
    };
  }

  async addShard(samples: PatchSample[]): Promise<void> {
    const name = `shard-${String(this.manifest.shards.length).padStart(5, '0')}.bin`;
    const bytes = encodeShard(this.manifest.shape, samples);
    await writeFileAtomicAsync(path.join(this.dir, name), bytes);
    this.manifest.shards.push({
      name,
      sha256: sha256Hex(bytes),
      bytes: bytes.length,
      subjectCounts: subjectCounts(samples),
    });
  }

  /** Writes the manifest; returns its sha256 (the dataset's hash). */
  async finish(): Promise<string> {
    const manifestBytes = encodeManifest(this.manifest);
    await writeFileAtomicAsync(path.join(this.dir, MANIFEST_FILE), manifestBytes);
    return sha256Hex(manifestBytes);
  }
}

/** Writes shards (one array of samples each) and then the manifest; returns the manifest's sha256. */
export async function writePatchShards(
  dir: string,
  shape: PatchShape,
  frameIntervalS: number,
  shards: Iterable<PatchSample[]> | AsyncIterable<PatchSample[]>,
): Promise<string> {
  const writer = new PatchShardWriter(dir, shape, frameIntervalS);
  for await (const samples of shards) await writer.addShard(samples);
  return writer.finish();
}

/** Opens a dataset folder as a streaming PatchSource. */
export async function openPatchShards(dir: string): Promise<PatchSource> {
  const manifestPath = path.join(dir, MANIFEST_FILE);
  let manifestBytes: Uint8Array;
  try {
    manifestBytes = await readFile(manifestPath);
  } catch (err) {
    throw new FormatError(
      'MISSING_MANIFEST',
      `${manifestPath} not found: the dataset folder is incomplete or wrong; regenerate it`,
      { cause: err },
    );
  }
  const manifest = decodeManifest(manifestBytes, manifestPath);
  return {
    shape: manifest.shape,
    frameIntervalS: manifest.frameIntervalS,
    datasetHash: sha256Hex(manifestBytes),
    ...(manifest.inputScale && { inputScale: manifest.inputScale }),
    shards: manifest.shards,
    async readShard(index: number): Promise<PatchSample[]> {
      const entry = manifest.shards[index];
      const file = path.join(dir, entry.name);
      const bytes = await readFile(file);
      if (sha256Hex(bytes) !== entry.sha256) {
        throw new FormatError(
          'CORRUPT_SHARD',
          `${file}: sha256 differs from ${MANIFEST_FILE}; the shard was altered or truncated, regenerate the dataset`,
        );
      }
      return decodeShard(bytes, manifest.shape, file);
    },
  };
}
