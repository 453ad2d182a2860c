/**
 * `qtm fit --subject --aif`: each AIF option reads its own files of the subject folder, names its maps folder,
 * and records what it did; a missing file is named in the error.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AIF_OPTIONS } from '../../../contracts/parameter-maps';
import { readNifti } from '../../../formats/nifti';
import { type SubjectFolder, writeSubjectFolder } from '../../../formats/subject-folder';
import { runFitSubject } from '../../../jobs/fit-job';
import { twoCxmCurves } from '../../fixtures/osipi/osipi-curves';

// Two OSIPI 2CXM curves, made with Parker's plasma AIF (0.1 mmol/kg, Hct 0.42, onset 10 s) = the true AIF.
const curves = [twoCxmCurves()[2], twoCxmCurves()[13]];
const { t, ca } = curves[0];
const PARTIAL_VOLUME = 0.4;

function subjectFolder(withVenousAndOracle: boolean): string {
  const nt = t.length;
  const conc = new Float32Array(2 * nt);
  curves.forEach((c, v) => {
    for (let f = 0; f < nt; f++) conc[v + 2 * f] = c.ct[f];
  });
  const curve = (k: number) => ({ tS: Array.from(t), cpMm: Array.from(ca, (v) => k * v) });
  const folder: SubjectFolder = {
    geometry: { dims: [2, 1, 1], voxelSizeMm: [1, 1, 2] },
    protocol: {
      frame_times_s: Array.from(t),
      TR_s: 0.005,
      flip_deg: 15,
      r1_per_mM_s: 4.97,
      hct: 0.42,
      field_T: 3,
      dose_mmol_per_kg: 0.1,
    },
    dce: new Float32Array(2 * nt),
    conc,
    t10: new Float32Array(2).fill(1.2),
    maskBrain: Uint8Array.from([1, 1]),
    maskTumour: Uint8Array.from([1, 1]),
    maskArtery: Uint8Array.from([0, 0]),
    aif: curve(PARTIAL_VOLUME), // the artery fills 40% of its voxels
    ...(withVenousAndOracle && { vof: curve(1), aifOracle: curve(1), maskVein: Uint8Array.from([0, 0]) }),
    provenance: { test: true },
  };
  const dir = mkdtempSync(join(tmpdir(), 'qtm-fit-aif-'));
  writeSubjectFolder(dir, folder);
  return dir;
}

describe('qtm fit --subject --aif', () => {
  const dir = subjectFolder(true);
  const fitWith = (aif: (typeof AIF_OPTIONS)[number]) =>
    runFitSubject({ model: '2cxm', aif, subject: dir, mask: 'tumour', threads: 1 });
  const provenance = (method: string) =>
    JSON.parse(readFileSync(join(dir, 'maps', method, 'provenance.json'), 'utf8'));
  const vp = (method: string) => Array.from(readNifti(join(dir, 'maps', method, 'vp.nii.gz')).data);

  it('reads the right files for each option and writes maps/<model>[-<aif>]/', async () => {
    const expected = {
      artery: { method: '2cxm', files: ['aif.csv'] },
      corrected: { method: '2cxm-corrected', files: ['aif.csv', 'vof.csv'] },
      population: { method: '2cxm-population', files: ['aif.csv'] },
      oracle: { method: '2cxm-oracle', files: ['aif_oracle.csv'] },
    };
    for (const option of AIF_OPTIONS) {
      const r = await fitWith(option);
      const { method, files } = expected[option];
      expect(r.dir).toBe(join(dir, 'maps', method));
      const p = provenance(method);
      expect(Object.keys(p.inputs_sha256)).toEqual([
        'conc.nii.gz',
        ...files,
        'protocol.json',
        'mask_tumour.nii.gz',
      ]);
      expect(p.config.aif).toBe(option);
      expect(p.aif.option).toBe(option);
    }
    expect(provenance('2cxm-oracle').aif.reference_only).toMatch(/a reference no real study has/);
    expect(provenance('2cxm-corrected').aif.scale).toBeCloseTo(1 / PARTIAL_VOLUME, 10);
    expect(provenance('2cxm-population').aif).toMatchObject({ dose_mmol_per_kg: 0.1, hct: 0.42, step_s: 1 });
    expect(Math.abs(provenance('2cxm-population').aif.onset_s - 10)).toBeLessThan(0.05);
  }, 60_000);

  it('gives the true AIF’s vp with corrected, population and oracle, and about 1/0.4 times it with the artery', () => {
    const reference = curves.map((c) => c.reference.vp);
    for (const method of ['2cxm-corrected', '2cxm-population', '2cxm-oracle'])
      vp(method).forEach((v, i) => {
        expect(Math.abs(v - reference[i])).toBeLessThan(0.01 + 0.05 * reference[i]);
      });
    vp('2cxm').forEach((v, i) => {
      // Scaling the AIF by 0.4 scales every exact 2CXM parameter by 2.5; the fitter's bounds hold some back.
      expect(v / reference[i]).toBeGreaterThan(2);
    });
  });

  it('names the missing file when an option needs one the folder lacks', async () => {
    const bare = subjectFolder(false);
    const run = (aif: 'corrected' | 'oracle') =>
      runFitSubject({ model: '2cxm', aif, subject: bare, mask: 'tumour', threads: 1 });
    await expect(run('corrected')).rejects.toMatchObject({
      code: 'SUBJECT_FILE_MISSING',
      message: expect.stringContaining(
        `${join(bare, 'vof.csv')}: missing from the subject folder; the corrected AIF`,
      ),
    });
    await expect(run('oracle')).rejects.toMatchObject({
      code: 'SUBJECT_FILE_MISSING',
      message: expect.stringContaining(join(bare, 'aif_oracle.csv')),
    });
  });
});
