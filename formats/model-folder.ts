/**
 * The QTMnet model folder: `weights.bin` (sha256-checked tensor bundle) and `metadata.json` (protocol,
 * normalisation, target scales, training-data hash, code version, backend, training history; see
 * perfusion/qtmnet/trained-model.ts). Metadata is written last, so a folder with it is complete.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ModelMetadata } from '../perfusion/qtmnet/trained-model';
import { writeFileAtomicAsync } from './atomic-write';
import { FormatError } from './format-error';

export const WEIGHTS_FILE = 'weights.bin';
export const METADATA_FILE = 'metadata.json';

export interface ModelFolder {
  metadata: ModelMetadata;
  weights: Uint8Array;
}

/** Writes the folder's files, each through a temporary name, metadata last. */
export async function writeModelFolder(dir: string, model: ModelFolder): Promise<void> {
  await writeFileAtomicAsync(path.join(dir, WEIGHTS_FILE), model.weights);
  await writeFileAtomicAsync(path.join(dir, METADATA_FILE), `${JSON.stringify(model.metadata, null, 2)}\n`);
}

/** Reads a model folder; the weights/metadata pairing is verified when the network is loaded. */
export async function readModelFolder(dir: string): Promise<ModelFolder> {
  const read = async (name: string) => {
    try {
      return await readFile(path.join(dir, name));
    } catch (err) {
      throw new FormatError(
        'MODEL_FILE_MISSING',
        `${path.join(dir, name)} not found: ${dir} is not a complete QTMnet model folder (qtm train writes one)`,
        { cause: err },
      );
    }
  };
  const metaBytes = await read(METADATA_FILE);
  let metadata: ModelMetadata;
  try {
    metadata = JSON.parse(metaBytes.toString('utf8')) as ModelMetadata;
  } catch (err) {
    throw new FormatError(
      'CORRUPT_JSON',
      `${path.join(dir, METADATA_FILE)} is not valid JSON (${(err as Error).message})`,
    );
  }
  if (metadata.format !== 'qtmnet-model') {
    throw new FormatError(
      'INVALID_MODEL',
      `${path.join(dir, METADATA_FILE)} is not QTMnet model metadata (format ${String(metadata.format)})`,
    );
  }
  return { metadata, weights: new Uint8Array(await read(WEIGHTS_FILE)) };
}
