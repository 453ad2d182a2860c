/**
 * Fixtures of the bad-input tests: a tiny subject folder, a tiny cohort, and `tree`, which lists everything
 * under a folder (temporary names included) so a test can check that a refused input left nothing behind.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeLabels } from '../../../formats/cohort-labels';
import { writeNifti } from '../../../formats/nifti';
import { type SubjectFolder, writeSubjectFolder } from '../../../formats/subject-folder';
import { twoCxmCurves } from '../../fixtures/osipi/osipi-curves';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `qtm-${prefix}-`));
}

/** Every file and folder under `dir`, as sorted relative paths (hidden temporary names included). */
export function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

/** A 3x2x1 subject whose voxels hold OSIPI 2CXM curves; one tumour voxel. */
export function tinySubject(): SubjectFolder {
  const curves = twoCxmCurves();
  const nt = curves[0].t.length;
  const n = 6;
  const conc = new Float32Array(n * nt);
  for (let v = 0; v < n; v++) for (let f = 0; f < nt; f++) conc[v + f * n] = curves[v * 4].ct[f];
  return {
    geometry: { dims: [3, 2, 1], voxelSizeMm: [1, 1, 2] },
    protocol: {
      frame_times_s: Array.from(curves[0].t),
      TR_s: 0.005,
      flip_deg: 20,
      r1_per_mM_s: 4.5,
      hct: 0.42,
      field_T: 3,
      dose_mmol_per_kg: 0.1,
    },
    dce: new Float32Array(n * nt),
    conc,
    t10: new Float32Array(n).fill(1.2),
    maskBrain: Uint8Array.from([1, 1, 1, 1, 1, 0]),
    maskTumour: Uint8Array.from([0, 1, 0, 0, 0, 0]),
    maskArtery: new Uint8Array(n),
    aif: { tS: Array.from(curves[0].ta), cpMm: Array.from(curves[0].ca) },
    provenance: { test: true },
  };
}

/** A subject folder written under a new temporary folder; returns its path. */
export function writeTinySubject(change?: (s: SubjectFolder) => void): string {
  const s = tinySubject();
  change?.(s);
  const dir = join(tempDir('subject'), 'sub-1');
  writeSubjectFolder(dir, s);
  return dir;
}

/** A cohort of two 2x2x1 subjects (p1 hgg, p2 lgg) with a tumour mask and maps/2cxm/vp.nii.gz each. */
export function tinyCohort(): string {
  const cohort = tempDir('cohort');
  writeLabels(cohort, [
    { subject: 'p1', grade: 'hgg' },
    { subject: 'p2', grade: 'lgg' },
  ]);
  const vol = (data: Float32Array | Uint8Array) => ({
    data,
    dims: [2, 2, 1],
    voxelSizeMm: [1, 1, 1] as [number, number, number],
    frameIntervalS: 0,
  });
  for (const s of ['p1', 'p2']) {
    writeNifti(join(cohort, s, 'mask_tumour.nii.gz'), vol(Uint8Array.of(1, 1, 2, 0)));
    writeNifti(join(cohort, s, 'maps', '2cxm', 'vp.nii.gz'), vol(Float32Array.of(0.02, 0.04, 0, 0)));
  }
  return cohort;
}
