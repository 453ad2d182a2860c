import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { readTrainConfig, runTrain } from '../../../cli/commands/train';
import { readModelFolder } from '../../../formats/model-folder';
import { fixtureIntervalS, writeTrainFixture } from './train-fixture';

describe('qtm train', () => {
  it('writes a model folder with protocol, data hash, backend and history, and reruns idempotently from checkpoints', async () => {
    const config = await writeTrainFixture();
    const out = path.join(path.dirname(config), 'model');
    const lines: string[] = [];
    const first = await runTrain({ config, out, log: (l) => lines.push(l) });
    expect(first.backend.name).toBe('wasm');
    expect(lines[0]).toMatch(/backend wasm/);
    expect(lines.filter((l) => /validation loss/.test(l))).toHaveLength(2);
    const model = await readModelFolder(out);
    const manifest = readFileSync(path.join(path.dirname(config), 'data', 'manifest.json'));
    expect(model.metadata.protocol).toEqual({ frames: 8, frameIntervalS: fixtureIntervalS });
    expect(model.metadata.trainingDataHash).toBe(createHash('sha256').update(manifest).digest('hex'));
    expect(model.metadata.backend.name).toBe('wasm');
    expect(model.metadata.training.history).toHaveLength(2);
    expect(model.metadata.codeVersion).not.toBe('');
    // The finished run's last checkpoint resumes at the end: same weights, no further steps.
    const again = await runTrain({ config, out, log: () => undefined });
    expect(again.steps).toBe(first.steps);
    expect((await readModelFolder(out)).metadata.weightsSha256).toBe(model.metadata.weightsSha256);
  });

  it('rejects an invalid config with the offending key, and an unknown QTM_TF_BACKEND', async () => {
    const config = await writeTrainFixture();
    writeFileSync(config, readFileSync(config, 'utf8').replace('learningRate: 0.01', 'learningRate: -1'));
    await expect(runTrain({ config, out: path.join(path.dirname(config), 'm') })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringContaining('training.learningRate'),
    });
    const good = await writeTrainFixture();
    await expect(
      runTrain({ config: good, out: path.join(path.dirname(good), 'm'), backendOverride: 'gpu' }),
    ).rejects.toMatchObject({
      code: 'INVALID_BACKEND',
    });
  });
});

describe('experiments/qtmnet-default.yaml', () => {
  it('is a valid training config', () => {
    const config = readTrainConfig(path.join(__dirname, '../../../experiments/qtmnet-default.yaml'));
    expect(config.network.kind).toBe('patch');
    expect(config.training.epochs).toBeGreaterThan(0);
  });
});
