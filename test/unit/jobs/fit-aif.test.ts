/**
 * `qtm fit --subject --aif`: each AIF option reads its own files of the subject folder, names its maps folder,
 * and records what it did; a missing file is named in the error.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AIF_OPTIONS } from '../../../contracts/parameter-maps';
import { readNifti, writeNifti } from '../../../formats/nifti';
import { type SubjectFolder, writeSubjectFolder } from '../../../formats/subject-folder';
import { runFitSubject } from '../../../jobs/fit-job';
import { twoCxmCurves } from '../../fixtures/osipi/osipi-curves';

// Two OSIPI 2CXM curves, made with Parker's plasma AIF (0.1 mmol/kg, Hct 0.42, onset 10 s) = the true AIF.
const curves = [twoCxmCurves()[2], twoCxmCurves()[13]];
const { t, ca } = curves[0];
const PARTIAL_VOLUME = 0.4;
const HCT = 0.42;
// A 3 x 3 x 1 grid: the two tumour voxels (0, 1) and six tissue voxels around the artery (voxel 4).
const ARTERY = 4;
const TISSUE_VOXELS = [2, 3, 5, 6, 7, 8];
// Tissue that rises slowly after the bolus and stays up, mM (a tissue concentration, not plasma).
const tissue = Array.from(t, (x) => (x > 10 ? 0.15 * (1 - Math.exp(-(x - 10) / 60)) : 0));

/**
 * A subject folder whose aif.csv is `arterialFraction` of the true AIF plus, when `withTissue`, the rest
 * the ring's tissue on the plasma scale (the two-component mixture), and whose ring voxels hold that tissue.
 */
function subjectFolder(withVenousAndOracle: boolean, arterialFraction = PARTIAL_VOLUME, withTissue = false) {
  const nt = t.length;
  const nvox = 9;
  const conc = new Float32Array(nvox * nt);
  for (let f = 0; f < nt; f++) {
    curves.forEach((c, v) => {
      conc[v + nvox * f] = c.ct[f];
    });
    if (withTissue) for (const v of TISSUE_VOXELS) conc[v + nvox * f] = tissue[f];
  }
  const curve = (k: number, plusTissue = false) => ({
    tS: Array.from(t),
    cpMm: Array.from(ca, (v, f) => k * v + (plusTissue ? ((1 - k) * tissue[f]) / (1 - HCT) : 0)),
  });
  const mask = (voxels: number[]) =>
    Uint8Array.from({ length: nvox }, (_, v) => (voxels.includes(v) ? 1 : 0));
  const folder: SubjectFolder = {
    geometry: { dims: [3, 3, 1], voxelSizeMm: [1, 1, 2] },
    protocol: {
      frame_times_s: Array.from(t),
      TR_s: 0.005,
      flip_deg: 15,
      r1_per_mM_s: 4.97,
      hct: HCT,
      field_T: 3,
      dose_mmol_per_kg: 0.1,
    },
    dce: new Float32Array(nvox * nt),
    conc,
    t10: new Float32Array(nvox).fill(1.2),
    maskBrain: new Uint8Array(nvox).fill(1),
    maskTumour: mask([0, 1]),
    maskArtery: mask([ARTERY]),
    aif: curve(arterialFraction, withTissue),
    ...(withVenousAndOracle && { vof: curve(1), aifOracle: curve(1), maskVein: new Uint8Array(nvox) }),
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
  const vp = (method: string) =>
    Array.from(readNifti(join(dir, 'maps', method, 'vp.nii.gz')).data).slice(0, 2);

  it('reads the right files for each option and writes maps/<model>[-<aif>]/', async () => {
    const expected = {
      artery: { method: '2cxm', files: ['aif.csv'] },
      corrected: { method: '2cxm-corrected', files: ['aif.csv', 'vof.csv'] },
      'tissue-corrected': {
        method: '2cxm-tissue-corrected',
        files: ['aif.csv', 'vof.csv', 'mask_artery.nii.gz', 'mask_brain.nii.gz', 'mask_vein.nii.gz'],
      },
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
    // No tissue enhances around this artery: the tissue correction is the venous-output scaling.
    expect(provenance('2cxm-tissue-corrected').aif).toMatchObject({ ring_voxels: 8, tissue_area_mM_s: 0 });
    expect(provenance('2cxm-tissue-corrected').aif.arterial_fraction).toBeCloseTo(PARTIAL_VOLUME, 10);
    expect(provenance('2cxm-population').aif).toMatchObject({ dose_mmol_per_kg: 0.1, hct: 0.42, step_s: 1 });
    expect(Math.abs(provenance('2cxm-population').aif.onset_s - 10)).toBeLessThan(0.05);
  }, 60_000);

  it('gives the true AIF’s vp with corrected, tissue-corrected, population and oracle, and about 1/0.4 times it with the artery', () => {
    const reference = curves.map((c) => c.reference.vp);
    for (const method of ['2cxm-corrected', '2cxm-tissue-corrected', '2cxm-population', '2cxm-oracle'])
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
    const run = (aif: 'corrected' | 'tissue-corrected' | 'oracle') =>
      runFitSubject({ model: '2cxm', aif, subject: bare, mask: 'tumour', threads: 1 });
    await expect(run('tissue-corrected')).rejects.toMatchObject({
      code: 'SUBJECT_FILE_MISSING',
      message: expect.stringContaining(`${join(bare, 'vof.csv')}: missing from the subject folder`),
    });
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

describe('qtm fit --subject --aif tissue-corrected', () => {
  const fraction = 0.25;
  const dir = subjectFolder(true, fraction, true);
  const fitWith = (aif: 'corrected' | 'tissue-corrected') =>
    runFitSubject({ model: '2cxm', aif, subject: dir, mask: 'tumour', threads: 1 });
  const vp = (method: string) =>
    Array.from(readNifti(join(dir, 'maps', method, 'vp.nii.gz')).data).slice(0, 2);

  it('takes the ring’s tissue out of an arterial curve that mixes it in, where the area scaling cannot', async () => {
    const r = await fitWith('tissue-corrected');
    expect(r.aif.ring_voxels).toBe(8);
    expect(r.aif.arterial_fraction as number).toBeCloseTo(fraction, 6);
    expect(r.aif.tissue_area_mM_s as number).toBeGreaterThan(0);
    await fitWith('corrected');
    const reference = curves.map((c) => c.reference.vp);
    vp('2cxm-tissue-corrected').forEach((v, i) => {
      expect(Math.abs(v - reference[i])).toBeLessThan(0.01 + 0.05 * reference[i]);
    });
    // Scaled to the venous output's area, the mixture's first pass stays too low: vp comes out too high.
    vp('2cxm-corrected').forEach((v, i) => {
      expect(v / reference[i]).toBeGreaterThan(1.2);
    });
  }, 60_000);

  it('names the subject folder and the fault when the ring cannot be measured', async () => {
    const noArtery = subjectFolder(true);
    const mask = join(noArtery, 'mask_artery.nii.gz');
    const image = readNifti(mask);
    writeNifti(mask, { ...image, data: new Uint8Array(image.data.length) });
    await expect(
      runFitSubject({
        model: '2cxm',
        aif: 'tissue-corrected',
        subject: noArtery,
        mask: 'tumour',
        threads: 1,
      }),
    ).rejects.toMatchObject({
      code: 'EMPTY_ARTERY_MASK',
      message: expect.stringContaining(
        `${noArtery}: the tissue-corrected AIF: the artery mask holds no voxel`,
      ),
    });
  });
});
