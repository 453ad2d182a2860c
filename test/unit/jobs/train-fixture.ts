/** A tiny patch-shard dataset and training config for the train/infer command tests. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PatchShardWriter } from '../../../formats/patch-shards';
import type { InputScale } from '../../../perfusion/qtmnet/input-scale';
import { arbitraryPatchSource } from '../perfusion/qtmnet/arbitrary-patch-source';

export const fixtureShape = { frames: 8, side: 3 };
export const fixtureIntervalS = 5;

/**
 * Writes dataset (made with `inputScale`, if given) + config into a fresh folder; returns the config path.
 */
export async function writeTrainFixture(overrides = '', inputScale?: InputScale): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'qtm-train-'));
  const memory = arbitraryPatchSource(fixtureShape, 4, 6, 2);
  const writer = new PatchShardWriter(path.join(dir, 'data'), fixtureShape, fixtureIntervalS, inputScale);
  for (let i = 0; i < memory.shards.length; i++) await writer.addShard(await memory.readShard(i));
  await writer.finish();
  const config = path.join(dir, 'train.yaml');
  writeFileSync(
    config,
    `data: data
backend: wasm
network: { kind: patch, filters: [4, 4, 4], dense: 8, dropout: 0.2 }
training: { epochs: 2, batchSize: 8, learningRate: 0.01, seed: 3, validationFraction: 0.25, checkpointEverySteps: 2 }
${overrides}`,
  );
  return config;
}
