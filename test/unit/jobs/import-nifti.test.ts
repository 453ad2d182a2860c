/**
 * `qtm import` on NIfTI + BIDS sidecar input (no DICOM): a synthetic head of known concentrations, T1 from a
 * variable-flip-angle series, a tumour label volume written with its rows flipped, irregular volume times.
 * Checks the numbers that come out and that every bad input gets a message naming the file and field, never the
 * subject's source name.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLabels } from '../../../formats/cohort-labels';
import { writeNifti } from '../../../formats/nifti';
import { readSubjectFolder } from '../../../formats/subject-folder';
import { type ImportCohortOptions, runImportCohort } from '../../../jobs/import/import-job';
import { parkerPlasmaAif } from '../../../perfusion/aif/parker-aif';
import { concentrationToSignal, spgrSignal } from '../../../perfusion/signal/spgr-signal';

const dims: [number, number, number] = [8, 8, 3];
const n = 8 * 8 * 3;
const times = [0, 4, 8, 12, 16, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 180];
const hct = 0.42;
const affine = [
  [2, 0, 0, -7],
  [0, 2, 0, -7],
  [0, 0, 3, 0],
  [0, 0, 0, 1],
];
const flipped = [
  [2, 0, 0, -7],
  [0, -2, 0, 7],
  [0, 0, 3, 0],
  [0, 0, 0, 1],
];
const at = (x: number, y: number, z: number) => x + 8 * (y + 8 * z);
const ARTERY = at(4, 4, 1);
const TUMOUR = [at(3, 3, 1), at(3, 4, 1)];
const inHead = (v: number) => {
  const [x, y] = [v % 8, Math.floor(v / 8) % 8];
  return x >= 1 && x <= 6 && y >= 1 && y <= 6;
};

let root: string;
let base: ImportCohortOptions;
const cp = parkerPlasmaAif(Float64Array.from(times), { onsetS: 10, hct });
const t10 = (v: number) => (v === ARTERY ? 1.7 : TUMOUR.includes(v) ? 1.5 : 1.0);
const tissue = (v: number) =>
  v === ARTERY
    ? cp.map((c) => 0.5 * (1 - hct) * c)
    : cp.map((c, i) => (TUMOUR.includes(v) ? 0.2 : 0.03) * c * Math.min(1, times[i] / 30));

function writeSource(dir: string, sidecar: Record<string, unknown>) {
  const subject = join(dir, 'DOE_JOHN_MRN123');
  mkdirSync(subject, { recursive: true });
  writeFileSync(join(dir, 'labels.csv'), 'subject,grade\nDOE_JOHN_MRN123,hgg\n');
  const signal = new Float32Array(n * times.length);
  for (let v = 0; v < n; v++) {
    const s = inHead(v)
      ? concentrationToSignal(tissue(v), 1000, { flipDeg: 15, trS: 0.005, t10S: t10(v), r1PerMmS: 4.5 })
      : times.map(() => 2);
    s.forEach((x, f) => {
      signal[v + n * f] = x;
    });
  }
  writeNifti(join(subject, 'dce.nii.gz'), {
    data: signal,
    dims: [...dims, times.length],
    voxelSizeMm: [2, 2, 3],
    frameIntervalS: 4,
    affine,
  });
  writeFileSync(join(subject, 'dce.json'), JSON.stringify(sidecar));
  const flips = [3, 10, 20];
  const vfa = new Float32Array(n * 3);
  flips.forEach((a, k) => {
    for (let v = 0; v < n; v++)
      vfa[v + n * k] = inHead(v) ? spgrSignal(800, 1 / t10(v), { flipDeg: a, trS: 0.006 }) : 2;
  });
  writeNifti(join(subject, 'vfa.nii.gz'), {
    data: vfa,
    dims: [...dims, 3],
    voxelSizeMm: [2, 2, 3],
    frameIntervalS: 0,
    affine,
  });
  writeFileSync(join(subject, 'vfa.json'), JSON.stringify({ FlipAngle: flips, RepetitionTime: 0.006 }));
  // Labels stored with rows flipped (as dcm2niix would): voxel (x, y) of this file is (x, 7 - y) of the DCE grid.
  const tumour = new Uint8Array(n);
  for (const v of TUMOUR) tumour[(v % 8) + 8 * (7 - (Math.floor(v / 8) % 8)) + 64 * Math.floor(v / 64)] = 1;
  writeNifti(join(subject, 'tumour.nii.gz'), {
    data: tumour,
    dims: [...dims],
    voxelSizeMm: [2, 2, 3],
    frameIntervalS: 0,
    affine: flipped,
  });
  const artery = new Uint8Array(n);
  artery[ARTERY] = 1;
  writeNifti(join(subject, 'artery.nii.gz'), {
    data: artery,
    dims: [...dims],
    voxelSizeMm: [2, 2, 3],
    frameIntervalS: 0,
    affine,
  });
  return subject;
}

const goodSidecar = {
  FlipAngle: 15,
  MagneticFieldStrength: 3,
  RepetitionTime: 0.005,
  VolumeTiming: times,
  ContrastDose: 0.1,
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'qtm-import-nifti-'));
  writeSource(join(root, 'source'), goodSidecar);
  base = {
    source: join(root, 'source'),
    out: join(root, 'out'),
    secretsDir: join(root, 'secrets'),
    aif: 'mask',
    skipFrames: 1,
    r1PerMmS: 4.5,
    hct,
  };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('qtm import (NIfTI + sidecars)', () => {
  it('recovers T10, concentration and the mask AIF on the DCE grid, with labels moved from a flipped grid', async () => {
    const lines: string[] = [];
    const [s] = await runImportCohort({ ...base, onProgress: (l) => lines.push(l) });
    expect(readLabels(base.out)).toEqual([{ subject: s.subject, grade: 'hgg' }]);
    const f = readSubjectFolder(join(base.out, s.subject));
    expect(f.protocol).toEqual({
      frame_times_s: times,
      TR_s: 0.005,
      flip_deg: 15,
      r1_per_mM_s: 4.5,
      hct,
      field_T: 3,
      dose_mmol_per_kg: 0.1,
    });
    for (const v of [ARTERY, ...TUMOUR, at(1, 1, 0)]) {
      expect(f.t10[v]).toBeCloseTo(t10(v), 3);
      for (const [i, c] of tissue(v).entries()) expect(f.conc[v + n * i]).toBeCloseTo(c, 3);
    }
    expect([...f.maskTumour.keys()].filter((v) => f.maskTumour[v])).toEqual(TUMOUR);
    expect([...f.maskBrain.keys()].filter((v) => f.maskBrain[v])).toEqual(
      [...Array(n).keys()].filter(inHead),
    );
    for (const [i, c] of Array.from(f.aif.cpMm).entries()) expect(c).toBeCloseTo(0.5 * cp[i], 3);
    const provenance = readFileSync(join(base.out, s.subject, 'provenance.json'), 'utf8');
    expect(JSON.parse(provenance)).toMatchObject({
      tool: 'qtm import',
      subject: s.subject,
      conversion: { arrival_frame: 4, baseline_frames: [1, 3] },
    });
    for (const text of [provenance, lines.join('\n')]) expect(text).not.toMatch(/DOE|JOHN|MRN123/);
  });

  it('resamples onto a model protocol when asked', async () => {
    const [s] = await runImportCohort({ ...base, resampleTo: { frames: 10, frameIntervalS: 15 } });
    const f = readSubjectFolder(join(base.out, s.subject));
    expect(f.protocol.frame_times_s).toEqual([0, 15, 30, 45, 60, 75, 90, 105, 120, 135]);
    expect(f.conc.length).toBe(n * 10);
    expect(f.aif.cpMm[2]).toBeCloseTo(0.5 * cp[7], 3); // 30 s is a sampled time
  });

  it('names the subject by row and pseudonym, the file and the field, for each bad input', async () => {
    const subject = join(base.source, 'DOE_JOHN_MRN123');
    const expectError = async (options: Partial<ImportCohortOptions>, code: string, message: RegExp) => {
      rmSync(base.out, { recursive: true, force: true });
      const error = await runImportCohort({ ...base, ...options }).catch((e: Error) => e);
      expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
      expect((error as Error).message).not.toMatch(/DOE|JOHN|MRN123/);
    };
    writeFileSync(join(subject, 'dce.json'), JSON.stringify({ ...goodSidecar, FlipAngle: undefined }));
    await expectError(
      {},
      'SIDECAR_FIELD_MISSING',
      /^labels\.csv row 2 \(sub-[0-9a-f]{12}\): dce\.json: field "FlipAngle"/,
    );
    writeFileSync(join(subject, 'dce.json'), JSON.stringify({ ...goodSidecar, ContrastDose: undefined }));
    await expectError({}, 'SIDECAR_FIELD_MISSING', /dce\.nii\.gz: field "ContrastDose" .* or pass --dose/);
    writeFileSync(join(subject, 'dce.json'), JSON.stringify(goodSidecar));
    writeNifti(join(subject, 'artery.nii.gz'), {
      data: new Uint8Array(n),
      dims: [...dims],
      voxelSizeMm: [2, 2, 3],
      frameIntervalS: 0,
      affine: flipped.map((r, i) => (i === 0 ? [2, 0, 0, -6] : r)),
    });
    await expectError(
      {},
      'GRID_MISMATCH',
      /artery\.nii\.gz and .*dce\.nii\.gz: the volumes are not on the same voxel grid/,
    );
    rmSync(join(subject, 'artery.nii.gz'));
    await expectError({}, 'SUBJECT_FILE_MISSING', /--aif mask needs artery\.nii\.gz/);
    await expectError(
      { secretsDir: join(base.out, 'secrets') },
      'SECRETS_IN_OUTPUT',
      /keep the key and ID map outside/,
    );
    await expectError(
      { baselineFrames: 1 },
      'BASELINE_TOO_SHORT',
      /pass --baseline-frames and --skip-frames/,
    );
  });
});
