/** `qtm features` on a tiny cohort written with the project's NIfTI and labels writers. */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerFeatures } from '../../../cli/commands/features';
import { writeLabels } from '../../../formats/cohort-labels';
import { parseCsv } from '../../../formats/csv';
import { writeNifti } from '../../../formats/nifti';
import { runFeatures } from '../../../jobs/features-job';

function makeCohort(): string {
  const cohort = mkdtempSync(join(tmpdir(), 'qtm-features-'));
  writeLabels(cohort, [
    { subject: 'p1', grade: 'hgg' },
    { subject: 'p2', grade: 'lgg' },
  ]);
  const dims = [2, 2, 1];
  const vol = (data: Float32Array | Uint8Array) => ({
    data,
    dims,
    voxelSizeMm: [1, 1, 1] as [number, number, number],
    frameIntervalS: 0,
  });
  for (const [s, scale] of [
    ['p1', 2],
    ['p2', 1],
  ] as const) {
    mkdirSync(join(cohort, s, 'maps', 'qtmnet'), { recursive: true });
    mkdirSync(join(cohort, s, 'maps', '2cxm'), { recursive: true });
    writeNifti(join(cohort, s, 'mask_tumour.nii.gz'), vol(Uint8Array.of(1, 1, 2, 3)));
    writeNifti(
      join(cohort, s, 'maps', 'qtmnet', 'u_mm_s.nii.gz'),
      vol(Float32Array.of(1 * scale, 3 * scale, 0, 9)),
    );
    writeNifti(join(cohort, s, 'maps', '2cxm', 'vp.nii.gz'), vol(Float32Array.of(0.02, 0.04, 0, 0)));
  }
  return cohort;
}

describe('qtm features', () => {
  it('one row per subject with <method>_<param>_<statistic> columns and a provenance sidecar', () => {
    const cohort = makeCohort();
    const out = join(cohort, 'features.csv');
    expect(runFeatures({ cohort, methods: ['2cxm', 'qtmnet'], out, roiLabels: [1] })).toContain('2 subjects');
    const table = parseCsv(readFileSync(out, 'utf8'));
    expect(table.header.slice(0, 3)).toEqual(['subject', 'grade', 'mask_enhancing_fraction']);
    const col = (name: string) => table.rows.map((r) => Number(r[table.header.indexOf(name)]));
    expect(col('qtmnet_u_mm_s_mean')).toEqual([4, 2]);
    expect(col('2cxm_vp_median')[0]).toBeCloseTo(0.03, 7);
    expect(col('mask_enhancing_fraction')).toEqual([2 / 3, 2 / 3]);
    const prov = JSON.parse(readFileSync(`${out}.provenance.json`, 'utf8'));
    expect(Object.keys(prov.inputs_sha256)).toHaveLength(6);
  });

  it('a missing method folder is an error naming the folder', () => {
    const cohort = makeCohort();
    expect(() =>
      runFeatures({ cohort, methods: ['etm'], out: join(cohort, 'f.csv'), roiLabels: [1] }),
    ).toThrow(
      expect.objectContaining({
        code: 'SUBJECT_FILE_MISSING',
        message: expect.stringContaining(join('p1', 'maps', 'etm')),
      }),
    );
  });

  it('--roi-labels accepts only the tumour labels 1-3', async () => {
    const program = new Command('qtm').exitOverride().configureOutput({ writeErr: () => undefined });
    registerFeatures(program);
    await expect(
      program.parseAsync(
        ['features', '--cohort', 'x', '--methods', 'a', '--out', 'y', '--roi-labels', '1,4'],
        { from: 'user' },
      ),
    ).rejects.toThrow(/ROI labels are 1 \(enhancing\), 2 \(necrosis\) or 3 \(oedema\), got "4"/);
  });
});
