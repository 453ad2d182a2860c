import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLabels, writeLabels } from '../../../formats/cohort-labels';
import { writeNifti } from '../../../formats/nifti';
import { readSubjectFolder, type SubjectFolder, writeSubjectFolder } from '../../../formats/subject-folder';

function subject(): SubjectFolder {
  const dims: [number, number, number] = [3, 2, 2];
  const n = 12;
  const nt = 4;
  return {
    geometry: { dims, voxelSizeMm: [1, 1, 2] },
    protocol: {
      frame_times_s: [0, 5, 10, 15],
      TR_s: 0.005,
      flip_deg: 15,
      r1_per_mM_s: 4.5,
      hct: 0.42,
      field_T: 3,
      dose_mmol_per_kg: 0.1,
    },
    dce: Float32Array.from({ length: n * nt }, (_, i) => 100 + i),
    conc: Float32Array.from({ length: n * nt }, (_, i) => i / 100),
    t10: new Float32Array(n).fill(1.2),
    maskBrain: new Uint8Array(n).fill(1),
    maskTumour: Uint8Array.from({ length: n }, (_, i) => i % 4),
    maskArtery: Uint8Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0)),
    aif: { tS: [0, 5, 10, 15], cpMm: [0, 5.5, 2.25, 1] },
    truth: { vp: new Float32Array(n).fill(0.03), u_mm_s: new Float32Array(n).fill(0.4) },
    provenance: { seed: 7, command: 'qtm simulate subject' },
  };
}

describe('subject folder', () => {
  it('round-trips every file and records sha256 of each in provenance', () => {
    const dir = mkdtempSync(join(tmpdir(), 'subj-'));
    const s = subject();
    writeSubjectFolder(dir, s);
    const back = readSubjectFolder(dir);
    expect(back.geometry.dims).toEqual([3, 2, 2]);
    expect(back.protocol).toEqual(s.protocol);
    expect(Array.from(back.conc)).toEqual(Array.from(s.conc));
    expect(Array.from(back.dce)).toEqual(Array.from(s.dce));
    expect(Array.from(back.maskTumour)).toEqual(Array.from(s.maskTumour));
    expect(back.aif.cpMm).toEqual([0, 5.5, 2.25, 1]);
    expect(Object.keys(back.truth ?? {}).sort()).toEqual(['u_mm_s', 'vp']);
    const files = back.provenance.files_sha256 as Record<string, string>;
    expect(back.provenance.seed).toBe(7);
    expect(files['truth/vp.nii.gz']).toBe(
      createHash('sha256')
        .update(readFileSync(join(dir, 'truth/vp.nii.gz')))
        .digest('hex'),
    );
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(['dce.nii.gz', 'conc.nii.gz', 'aif.csv', 'protocol.json', 'mask_artery.nii.gz']),
    );
  });

  it('round-trips the optional vein mask, venous output, oracle AIF, supply truth and true T10; absent ones read as absent', () => {
    const dir = mkdtempSync(join(tmpdir(), 'subj-'));
    const s = {
      ...subject(),
      maskVein: Uint8Array.from({ length: 12 }, (_, i) => (i === 11 ? 1 : 0)),
      vof: { tS: [0, 5, 10, 15], cpMm: [0, 1.5, 3.25, 2] },
      aifOracle: { tS: [0, 5, 10, 15], cpMm: [0, 9, 3, 1.5] },
      truthSupply: { fp_ml_100ml_min: new Float32Array(12).fill(35) },
      t10True: new Float32Array(12).fill(1.3),
    };
    writeSubjectFolder(dir, s);
    const back = readSubjectFolder(dir);
    expect(Array.from(back.maskVein ?? [])).toEqual(Array.from(s.maskVein));
    expect(back.vof).toEqual(s.vof);
    expect(back.aifOracle).toEqual(s.aifOracle);
    expect(Object.keys(back.truthSupply ?? {})).toEqual(['fp_ml_100ml_min']);
    expect(back.truthSupply?.fp_ml_100ml_min?.[3]).toBe(35);
    expect(back.t10True?.[0]).toBeCloseTo(1.3, 6);
    expect(Object.keys(back.truth ?? {}).sort()).toEqual(['u_mm_s', 'vp']);
    const plain = mkdtempSync(join(tmpdir(), 'subj-'));
    writeSubjectFolder(plain, subject());
    const none = readSubjectFolder(plain);
    expect([none.maskVein, none.vof, none.aifOracle, none.truthSupply, none.t10True]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('rejects a protocol with a bad field, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'subj-'));
    writeSubjectFolder(dir, subject());
    const p = JSON.parse(readFileSync(join(dir, 'protocol.json'), 'utf8'));
    p.hct = 1.5;
    writeFileSync(join(dir, 'protocol.json'), JSON.stringify(p));
    expect(() => readSubjectFolder(dir)).toThrow(
      expect.objectContaining({ code: 'INVALID_PROTOCOL', message: expect.stringContaining('hct') }),
    );
  });

  it('rejects a concentration volume whose frame count disagrees with the protocol', () => {
    const dir = mkdtempSync(join(tmpdir(), 'subj-'));
    writeSubjectFolder(dir, subject());
    writeNifti(join(dir, 'conc.nii.gz'), {
      data: new Float32Array(36),
      dims: [3, 2, 2, 3],
      voxelSizeMm: [1, 1, 2],
      frameIntervalS: 5,
    });
    expect(() => readSubjectFolder(dir)).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH', message: expect.stringContaining('conc.nii.gz') }),
    );
  });

  it('writes and validates labels.csv', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cohort-'));
    writeLabels(dir, [
      { subject: 'sub-001', grade: 'lgg' },
      { subject: 'sub-002', grade: 'hgg' },
    ]);
    expect(readLabels(dir)).toEqual([
      { subject: 'sub-001', grade: 'lgg' },
      { subject: 'sub-002', grade: 'hgg' },
    ]);
    writeFileSync(join(dir, 'labels.csv'), 'subject,grade\nsub-001,gbm\n');
    expect(() => readLabels(dir)).toThrow(
      expect.objectContaining({ code: 'INVALID_LABEL', message: expect.stringContaining('gbm') }),
    );
  });
});
