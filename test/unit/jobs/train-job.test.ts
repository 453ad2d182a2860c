import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readModelFolder } from '../../../formats/model-folder';
import { readTrainConfig } from '../../../formats/training-config';
import { runTrain } from '../../../jobs/train-job';
import { VENOUS_OUTPUT_REFERENCE_AREA_MM_S } from '../../../perfusion/qtmnet/input-scale';
import { DEFAULT_SIMULATION_CONFIG } from '../../../perfusion/simulate/simulation-config';
import { fixtureIntervalS, writeTrainFixture } from './train-fixture';

// Training on a shared, loaded machine can be several times slower than on an idle one.
jest.setTimeout(60000);

describe('qtm train', () => {
  it('writes a model folder with protocol, data hash, backend and history, and reruns idempotently from checkpoints', async () => {
    const config = await writeTrainFixture();
    const out = path.join(path.dirname(config), 'model');
    const lines: string[] = [];
    const first = await runTrain({ ...readTrainConfig(config), out, log: (l) => lines.push(l) });
    expect(first.backend.name).toBe('wasm');
    expect(lines[0]).toMatch(/backend wasm/);
    expect(lines.filter((l) => /validation loss/.test(l))).toHaveLength(2);
    const model = await readModelFolder(out);
    const manifest = readFileSync(path.join(path.dirname(config), 'data', 'manifest.json'));
    expect(model.metadata.protocol).toEqual({ frames: 8, frameIntervalS: fixtureIntervalS });
    expect(model.metadata.trainingDataHash).toBe(createHash('sha256').update(manifest).digest('hex'));
    expect(model.metadata.backend.name).toBe('wasm');
    // The whole selection is recorded, versions included (the tensorflow backend adds TensorFlow's).
    expect(model.metadata.backend).toEqual(first.backend);
    expect(model.metadata.backend.tfjsVersion).toBe('4.22.0');
    expect(model.metadata.training.history).toHaveLength(2);
    expect(model.metadata.codeVersion).not.toBe('');
    expect(model.metadata.normalisation.inputScale).toBeUndefined();
    // The finished run's last checkpoint resumes at the end: same weights, no further steps.
    const again = await runTrain({ ...readTrainConfig(config), out, log: () => undefined });
    expect(again.steps).toBe(first.steps);
    expect((await readModelFolder(out)).metadata.weightsSha256).toBe(model.metadata.weightsSha256);
  });

  it('records the input scale of its dataset in the model, so inference applies it too', async () => {
    const config = await writeTrainFixture('', 'venous-output-area');
    const out = path.join(path.dirname(config), 'model');
    await runTrain({ ...readTrainConfig(config), out, log: () => undefined });
    expect((await readModelFolder(out)).metadata.normalisation.inputScale).toEqual({
      kind: 'venous-output-area',
      referenceAreaMmS: VENOUS_OUTPUT_REFERENCE_AREA_MM_S,
    });
  });

  it('rejects an invalid config with the offending key, and an unknown QTM_TF_BACKEND', async () => {
    const config = await writeTrainFixture();
    writeFileSync(config, readFileSync(config, 'utf8').replace('learningRate: 0.01', 'learningRate: -1'));
    expect(() => readTrainConfig(config)).toThrow(
      expect.objectContaining({
        code: 'INVALID_CONFIG',
        message: expect.stringContaining('training.learningRate'),
      }),
    );
    const good = await writeTrainFixture();
    await expect(
      runTrain({ ...readTrainConfig(good), out: path.join(path.dirname(good), 'm'), backendOverride: 'gpu' }),
    ).rejects.toMatchObject({
      code: 'INVALID_BACKEND',
    });
  });
});

describe('qtm train with a simulate section', () => {
  it('simulates the dataset once, reuses it (warning when the code changed), and refuses other settings', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qtm-sim-train-'));
    const config = path.join(dir, 'train.yaml');
    const yaml = (seed: number) => `data: data
backend: wasm
simulate:
  config: { imaging: { matrix: [12, 12, 4] }, vessels: { terminals: 40 }, protocol: { frameCount: 12 }, transport: { timeStepS: 0.5 }, lgg: { radiusMm: [2, 3] }, hgg: { radiusMm: [3, 4], oedemaMarginMm: [1, 2] } }
  seed: ${seed}
  subjects: 2
  patchSize: [4, 4, 3]
  patchesPerSubject: 2
  tumourFraction: 0.5
  samplesPerShard: 5
network: { kind: patch, filters: [4, 4, 4], dense: 8, dropout: 0.2 }
training: { epochs: 1, batchSize: 4, learningRate: 0.01, seed: 3, validationFraction: 0.5, checkpointEverySteps: 2 }
`;
    writeFileSync(config, yaml(5));
    const lines: string[] = [];
    await runTrain({ ...readTrainConfig(config), out: path.join(dir, 'model'), log: (l) => lines.push(l) });
    expect(lines.filter((l) => l.startsWith('simulated subject'))).toHaveLength(2);
    const model = await readModelFolder(path.join(dir, 'model'));
    expect(model.metadata.protocol).toEqual({ frames: 12, frameIntervalS: 5 });
    // 2 subjects x 2 patches x (2 x 2 x 1 interior voxels) = 16 samples in shards of 5.
    const manifest = JSON.parse(readFileSync(path.join(dir, 'data', 'manifest.json'), 'utf8'));
    expect(
      manifest.shards.map((s: { subjectCounts: Record<string, number> }) =>
        Object.values(s.subjectCounts).reduce((a, b) => a + b),
      ),
    ).toEqual([5, 5, 5, 1]);
    const recorded = path.join(dir, 'data', 'simulation.json');
    writeFileSync(
      recorded,
      readFileSync(recorded, 'utf8').replace(/"codeVersion": ".*"/, '"codeVersion": "older"'),
    );
    const again: string[] = [];
    await runTrain({
      ...readTrainConfig(config),
      out: path.join(dir, 'model-again'),
      log: (l) => again.push(l),
    });
    expect(again.some((l) => l.startsWith('warning:') && l.includes('older'))).toBe(true);
    expect(again.some((l) => l.startsWith('simulated subject'))).toBe(false);
    writeFileSync(config, yaml(6));
    await expect(
      runTrain({ ...readTrainConfig(config), out: path.join(dir, 'model2'), log: () => undefined }),
    ).rejects.toMatchObject({ code: 'DATASET_MISMATCH' });
  }, 60000);
});

describe('qtm train with whole simulated subjects', () => {
  it('makes one block sample per subject and trains the 3D U-Net on them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qtm-unet-train-'));
    const config = path.join(dir, 'train.yaml');
    writeFileSync(
      config,
      `data: data
backend: wasm
simulate:
  config: { imaging: { matrix: [12, 12, 4] }, vessels: { terminals: 40 }, protocol: { frameCount: 12 }, transport: { timeStepS: 0.5 }, lgg: { radiusMm: [2, 3] }, hgg: { radiusMm: [3, 4], oedemaMarginMm: [1, 2] } }
  seed: 5
  subjects: 2
  patchSize: [12, 12, 4]
  patchesPerSubject: 1
  tumourFraction: 0
  wholePatch: true
  samplesPerShard: 1
network: { kind: unet3d, filters: 2, dropout: 0.2 }
training: { epochs: 1, batchSize: 1, learningRate: 0.01, seed: 3, validationFraction: 0.5, checkpointEverySteps: 1 }
`,
    );
    const result = await runTrain({
      ...readTrainConfig(config),
      out: path.join(dir, 'model'),
      log: () => undefined,
    });
    expect(result.steps).toBe(1);
    expect(Number.isFinite(result.validationLoss)).toBe(true);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'data', 'manifest.json'), 'utf8'));
    expect(manifest.shape).toEqual({ frames: 12, block: [12, 12, 4] });
    expect(manifest.shards).toHaveLength(2);
    const model = await readModelFolder(path.join(dir, 'model'));
    expect(model.metadata.shape).toEqual({ frames: 12, block: [12, 12, 4] });
    expect(model.metadata.network.kind).toBe('unet3d');
  }, 60000);
});

describe('experiments/qtmnet-unet3d.yaml', () => {
  it('trains the U-Net on whole subjects of the simulator default grid', () => {
    const { recipe: config } = readTrainConfig(
      path.join(__dirname, '../../../experiments/qtmnet-unet3d.yaml'),
    );
    expect(config.network.kind).toBe('unet3d');
    expect(config.simulate?.wholePatch).toBe(true);
    expect(config.simulate?.patchSize).toEqual(DEFAULT_SIMULATION_CONFIG.imaging.matrix);
    expect(config.simulate?.patchesPerSubject).toBe(1);
  });
});

describe('experiments/qtmnet-default.yaml', () => {
  it('is a valid training config', () => {
    const { recipe: config } = readTrainConfig(
      path.join(__dirname, '../../../experiments/qtmnet-default.yaml'),
    );
    expect(config.network.kind).toBe('patch');
    expect(config.training.epochs).toBeGreaterThan(0);
  });
});
