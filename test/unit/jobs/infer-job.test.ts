import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readNifti } from '../../../formats/nifti';
import { writeSubjectFolder } from '../../../formats/subject-folder';
import { readTrainConfig } from '../../../formats/training-config';
import { runInfer } from '../../../jobs/infer-job';
import { runTrain } from '../../../jobs/train-job';
import { createSeededRandom } from '../../../perfusion/random/seeded-random';
import { fixtureIntervalS, writeTrainFixture } from './train-fixture';

// Training on a shared, loaded machine can be several times slower than on an idle one.
jest.setTimeout(60000);

let modelDir: string;

function writeSubject(frameTimes: number[], vof?: number[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'qtm-subject-'));
  const dims: [number, number, number] = [4, 3, 2];
  const n = 24;
  const rng = createSeededRandom(4);
  const conc = Float32Array.from({ length: n * frameTimes.length }, () => rng.next());
  writeSubjectFolder(dir, {
    geometry: { dims, voxelSizeMm: [1, 1, 2] },
    protocol: {
      frame_times_s: frameTimes,
      TR_s: 0.005,
      flip_deg: 20,
      r1_per_mM_s: 4.5,
      hct: 0.42,
      field_T: 3,
      dose_mmol_per_kg: 0.1,
    },
    dce: new Float32Array(conc.length),
    conc,
    t10: new Float32Array(n).fill(1.2),
    maskBrain: Uint8Array.from({ length: n }, (_, i) => (i < 20 ? 1 : 0)),
    maskTumour: new Uint8Array(n),
    maskArtery: new Uint8Array(n),
    aif: { tS: frameTimes, cpMm: frameTimes.map(() => 0) },
    ...(vof && { vof: { tS: frameTimes, cpMm: vof } }),
    provenance: { seed: 4 },
  });
  return dir;
}

const options = { batchSize: 7, mcSamples: 3, seed: 1, log: () => undefined };

beforeAll(async () => {
  const config = await writeTrainFixture();
  modelDir = path.join(path.dirname(config), 'model');
  await runTrain({ ...readTrainConfig(config), out: modelDir, log: () => undefined });
}, 60000);

describe('qtm infer', () => {
  it('writes maps and uncertainty maps in field units for brain voxels, on a worker thread', async () => {
    const input = writeSubject(Array.from({ length: 8 }, (_, k) => k * fixtureIntervalS));
    const out = path.join(input, 'maps', 'qtmnet');
    const progress: string[] = [];
    const result = await runInfer({
      ...options,
      model: modelDir,
      input,
      out,
      backendOverride: 'wasm',
      log: (l) => progress.push(l),
    });
    expect(result).toMatchObject({ voxels: 20, backend: { name: 'wasm' } });
    expect(progress.at(-1)).toBe('qtm infer: 20/20 voxels');
    const fp = readNifti(path.join(out, 'fp_ml_100ml_min.nii.gz'));
    const ktrans = readNifti(path.join(out, 'ktrans_per_min.nii.gz'));
    const sd = readNifti(path.join(out, 'vp_sd.nii.gz'));
    expect(fp.dims).toEqual([4, 3, 2]);
    for (let i = 0; i < 24; i++) {
      expect(fp.data[i] > 0).toBe(i < 20);
      expect(Number.isInteger(fp.data[i]) && fp.data[i] !== 0).toBe(false); // float maps, not rounded
      expect(ktrans.data[i] <= fp.data[i] / 100 + 1e-6).toBe(true); // Ktrans (/min) <= Fp (mL/mL/min)
      if (i >= 20) expect(sd.data[i]).toBe(0);
    }
    // MC dropout spreads the estimates (a voxel whose dense units are all inactive may have none).
    expect(Array.from(sd.data).filter((x) => x > 0).length).toBeGreaterThan(10);
    const provenance = JSON.parse(readFileSync(path.join(out, 'provenance.json'), 'utf8'));
    expect(provenance.backend.name).toBe('wasm');
    expect(provenance.outputs).toContain('u_mm_s.nii.gz');
  }, 60000);

  it('applies a model input scale from the subject vof.csv, records it, and refuses a subject without one', async () => {
    const config = await writeTrainFixture('', 'venous-output-area');
    const scaledModel = path.join(path.dirname(config), 'model');
    await runTrain({ ...readTrainConfig(config), out: scaledModel, log: () => undefined });
    const times = Array.from({ length: 8 }, (_, k) => k * fixtureIntervalS);
    const bare = writeSubject(times);
    const refused = path.join(bare, 'maps', 'qtmnet');
    await expect(
      runInfer({ ...options, model: scaledModel, input: bare, out: refused }),
    ).rejects.toMatchObject({
      code: 'VENOUS_OUTPUT_REQUIRED',
      message: expect.stringContaining(bare),
    });
    expect(existsSync(refused)).toBe(false);
    // 8 mM for 35 s: area 280 mM s, factor 280 / 400.
    const input = writeSubject(
      times,
      times.map(() => 8),
    );
    const out = path.join(input, 'maps', 'qtmnet');
    await runInfer({ ...options, model: scaledModel, input, out });
    const provenance = JSON.parse(readFileSync(path.join(out, 'provenance.json'), 'utf8'));
    expect(provenance.input_scale.kind).toBe('venous-output-area');
    expect(provenance.input_scale.factor).toBeCloseTo(0.7, 12);
  }, 60000);

  it('refuses another protocol unless asked to resample', async () => {
    const input = writeSubject(Array.from({ length: 15 }, (_, k) => k * 2.5));
    const out = path.join(input, 'maps', 'qtmnet');
    await expect(runInfer({ ...options, model: modelDir, input, out })).rejects.toMatchObject({
      code: 'PROTOCOL_MISMATCH',
    });
    expect(existsSync(out)).toBe(false);
    await runInfer({ ...options, model: modelDir, input, out, resample: true });
    expect(existsSync(path.join(out, 'u_mm_s.nii.gz'))).toBe(true);
  }, 60000);
});
