/**
 * The record kept beside a simulated QTMnet training set on disk (`qtm train` with a `simulate` section):
 * the settings it was simulated with and the code version, in simulation.json next to the manifest, so a
 * later run with other settings is refused instead of silently training on stale data. The simulation
 * itself is jobs/training-input-job.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { SimulatedDatasetSettings } from '../contracts/training-config';
import { writeFileAtomic } from './atomic-write';
import { FormatError } from './format-error';
import { MANIFEST_FILE } from './patch-shards';

const SETTINGS_FILE = 'simulation.json';

/**
 * True when `dir` already holds the dataset these settings describe (a manifest, and a record with the same
 * settings or none); DATASET_MISMATCH when it was simulated with other settings. A dataset from other code
 * is reused with a logged warning, since every commit would otherwise invalidate it.
 */
export function simulatedDatasetPresent(
  dir: string,
  settings: SimulatedDatasetSettings,
  codeVersion: string,
  log: (line: string) => void,
): boolean {
  if (!existsSync(path.join(dir, MANIFEST_FILE))) return false;
  const file = path.join(dir, SETTINGS_FILE);
  const previous = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { settings: unknown; codeVersion: string })
    : undefined;
  // Compared as values: the order of keys in a config file is no difference in settings.
  if (previous !== undefined && !isDeepStrictEqual(previous.settings, JSON.parse(JSON.stringify(settings)))) {
    throw new FormatError(
      'DATASET_MISMATCH',
      `${dir} was simulated with other settings (${file}); point data at a new folder or delete this one`,
    );
  }
  if (previous !== undefined && previous.codeVersion !== codeVersion) {
    log(
      `warning: ${dir} was simulated by code ${previous.codeVersion}, this is ${codeVersion}; delete it to re-simulate`,
    );
  }
  return true;
}

/** Records the settings and code version of a dataset just simulated into `dir`. */
export function recordSimulatedDataset(
  dir: string,
  settings: SimulatedDatasetSettings,
  codeVersion: string,
): void {
  writeFileAtomic(path.join(dir, SETTINGS_FILE), `${JSON.stringify({ settings, codeVersion }, null, 2)}\n`);
}
