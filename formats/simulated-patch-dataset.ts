/**
 * A QTMnet training dataset simulated on demand: when the dataset folder has no manifest, subjects are
 * simulated (perfusion/simulate), cut into patches, turned into neighbourhood samples and written as shards;
 * the settings used are kept beside the manifest (simulation.json), so a later run with other settings is
 * refused instead of silently training on stale data.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { SimulatedDatasetSettings } from '../contracts/training-config';
import type { PatchShape } from '../perfusion/qtmnet/patch-layout';
import { simulatedShards } from '../perfusion/qtmnet/simulator-samples';
import { generateTrainingPatches } from '../perfusion/simulate/training-patch-generator';
import { writeFileAtomic } from './atomic-write';
import { FormatError } from './format-error';
import { MANIFEST_FILE, writePatchShards } from './patch-shards';
import { resolveSimulationConfig } from './simulation-config';

const SETTINGS_FILE = 'simulation.json';

/**
 * Makes sure `dir` holds the dataset these settings describe; returns true when it was simulated now.
 * `codeVersion` (of the simulator) is recorded; a dataset from other code is reused with a logged warning,
 * since every commit would otherwise invalidate it.
 */
export async function ensureSimulatedDataset(
  dir: string,
  settings: SimulatedDatasetSettings,
  codeVersion: string,
  log: (line: string) => void,
): Promise<boolean> {
  const file = path.join(dir, SETTINGS_FILE);
  if (existsSync(path.join(dir, MANIFEST_FILE))) {
    const previous = existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as { settings: unknown; codeVersion: string })
      : undefined;
    // Compared as values: the order of keys in a config file is no difference in settings.
    if (
      previous !== undefined &&
      !isDeepStrictEqual(previous.settings, JSON.parse(JSON.stringify(settings)))
    ) {
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
    return false;
  }
  const config = resolveSimulationConfig(settings.config, 'simulate.config');
  const frames = config.protocol.frameCount;
  const shape: PatchShape = settings.wholePatch
    ? { frames, block: settings.patchSize }
    : { frames, side: settings.side };
  const patches = generateTrainingPatches({
    config,
    seed: settings.seed,
    subjects: settings.subjects,
    patchSize: settings.patchSize,
    patchesPerSubject: settings.patchesPerSubject,
    tumourFraction: settings.tumourFraction,
    onSubject: (k, s) => log(`simulated subject ${k + 1}/${settings.subjects} (${s.grade}, seed ${s.seed})`),
  });
  await writePatchShards(
    dir,
    shape,
    config.protocol.frameIntervalS,
    simulatedShards(patches, shape, settings.samplesPerShard),
  );
  writeFileAtomic(file, `${JSON.stringify({ settings, codeVersion }, null, 2)}\n`);
  return true;
}
