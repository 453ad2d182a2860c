/**
 * Bad input files (NIfTI volumes) reaching the jobs: each is refused with a message naming the file and what
 * is wrong in it, and the job leaves nothing behind; a job that fails half-way through its output leaves
 * nothing either. NaN voxels a job can handle are counted in its provenance.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeFitMaps } from '../../../formats/fit-map-folder';
import { encodeNifti } from '../../../formats/nifti';
import { readSubjectFolder } from '../../../formats/subject-folder';
import { runFeatures } from '../../../jobs/features-job';
import { runFitSubject } from '../../../jobs/fit-job';
import { tinyCohort, tree, writeTinySubject } from './edge-fixtures';

const fitTumour = (subject: string) => runFitSubject({ model: '2cxm', subject, mask: 'tumour', threads: 1 });

describe('bad NIfTI files are refused and nothing is written', () => {
  it('a conc.nii.gz whose stream inflates past its header is refused before the fit', async () => {
    const subject = writeTinySubject();
    const conc = join(subject, 'conc.nii.gz');
    const zeros = gzipSync(Buffer.alloc(1 << 20));
    writeFileSync(conc, Buffer.concat([readFileSync(conc), ...Array(64).fill(zeros)]));
    const before = tree(join(subject, '..'));
    await expect(fitTumour(subject)).rejects.toMatchObject({
      code: 'CORRUPT_NIFTI',
      message: expect.stringMatching(
        /conc\.nii\.gz: the gzip stream inflates past the \d+ bytes its header declares/,
      ),
    });
    expect(tree(join(subject, '..'))).toEqual(before);
  });

  it('a tumour mask with NaN voxels is refused, not read as outside', async () => {
    const subject = writeTinySubject();
    const mask = join(subject, 'mask_tumour.nii.gz');
    writeFileSync(
      mask,
      gzipSync(
        encodeNifti({
          data: Float32Array.of(0, 1, Number.NaN, 0, Number.POSITIVE_INFINITY, 0),
          dims: [3, 2, 1],
          voxelSizeMm: [1, 1, 2],
          frameIntervalS: 0,
        }),
      ),
    );
    const before = tree(join(subject, '..'));
    await expect(fitTumour(subject)).rejects.toMatchObject({
      code: 'NON_FINITE_MASK',
      message: expect.stringMatching(/mask_tumour\.nii\.gz: 2 of 6 voxels are NaN or infinite/),
    });
    expect(tree(join(subject, '..'))).toEqual(before);
  });

  it('a truncated map is refused by qtm features, which writes no table and no sidecar', () => {
    const cohort = tinyCohort();
    const map = join(cohort, 'p2', 'maps', '2cxm', 'vp.nii.gz');
    writeFileSync(
      map,
      gzipSync(
        encodeNifti({
          data: new Float32Array(4),
          dims: [2, 2, 1],
          voxelSizeMm: [1, 1, 1],
          frameIntervalS: 0,
        }).subarray(0, 360),
      ),
    );
    const before = tree(cohort);
    expect(() =>
      runFeatures({ cohort, methods: ['2cxm'], out: join(cohort, 'features.csv'), roiLabels: [1] }),
    ).toThrow(
      expect.objectContaining({
        code: 'CORRUPT_NIFTI',
        message: expect.stringMatching(
          /p2\/maps\/2cxm\/vp\.nii\.gz: dims 2x2x1 of float32 need 368 bytes but the file has 360; the file is truncated/,
        ),
      }),
    );
    expect(tree(cohort)).toEqual(before);
  });

  it('maps that fail half-way through writing leave no maps/<method>/ folder', () => {
    const subject = writeTinySubject();
    const s = readSubjectFolder(subject);
    const before = tree(subject);
    const n = 6;
    // vp is written first; the made-up parameter after it has no file name, so the writer stops there.
    const params = { vp: new Float32Array(n), notAParameter: new Float32Array(n) };
    expect(() =>
      writeFitMaps(
        subject,
        '2cxm',
        s.geometry,
        { params, rmseMm: new Float32Array(n), status: new Uint8Array(n) },
        {},
      ),
    ).toThrow(/no map file name for parameter notAParameter/);
    expect(tree(subject)).toEqual(before);
  });
});

describe('NaN voxels a job can handle are counted in its provenance', () => {
  it('qtm fit skips NaN concentration voxels and records how many the input held', async () => {
    const subject = writeTinySubject((s) => {
      s.conc[1] = Number.NaN; // voxel 1 (the tumour voxel), first frame
      s.conc[4 + 6] = Number.POSITIVE_INFINITY; // voxel 4, second frame
    });
    const r = await fitTumour(subject);
    expect(r).toMatchObject({ fitted: 0, skipped: 1 });
    const provenance = JSON.parse(readFileSync(join(r.dir, 'provenance.json'), 'utf8'));
    expect(provenance.input_non_finite_voxels).toEqual({ 'conc.nii.gz': 2 });
  });

  it('qtm features records ROI voxels whose map value is not finite', () => {
    const cohort = tinyCohort();
    writeFileSync(
      join(cohort, 'p1', 'maps', '2cxm', 'vp.nii.gz'),
      gzipSync(
        encodeNifti({
          data: Float32Array.of(Number.NaN, 0.04, 0, 0),
          dims: [2, 2, 1],
          voxelSizeMm: [1, 1, 1],
          frameIntervalS: 0,
        }),
      ),
    );
    const out = join(cohort, 'features.csv');
    runFeatures({ cohort, methods: ['2cxm'], out, roiLabels: [1] });
    const provenance = JSON.parse(readFileSync(`${out}.provenance.json`, 'utf8'));
    expect(provenance.roi_non_finite_voxels).toEqual({
      [join(cohort, 'p1', 'maps', '2cxm', 'vp.nii.gz')]: 1,
    });
  });
});
