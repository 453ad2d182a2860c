import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNifti } from '../../../formats/nifti';
import { writeLabels } from '../../../formats/subject-folder';
import { gradeCohortFolder } from '../../../jobs/grade-cohort-job';
import { createSeededRandom } from '../../../perfusion/random/seeded-random';

/** 6 LGG + 6 HGG subjects of 4x4x2 voxels; method "a" has a strong Fp effect, "b" a weak one. */
function writeCohort(dir: string): void {
  const rng = createSeededRandom(11);
  const labels = Array.from({ length: 12 }, (_, k) => ({
    subject: `sub-${k}`,
    grade: (k < 6 ? 'lgg' : 'hgg') as 'lgg' | 'hgg',
  }));
  writeLabels(dir, labels);
  const image = (values: (v: number) => number) => ({
    data: Float32Array.from({ length: 32 }, (_, v) => values(v)),
    dims: [4, 4, 2],
    voxelSizeMm: [1, 1, 2] as [number, number, number],
    frameIntervalS: 0,
  });
  for (const [k, { subject, grade }] of labels.entries()) {
    const hgg = grade === 'hgg' ? 1 : 0;
    const s = join(dir, subject);
    for (const m of ['a', 'b']) mkdirSync(join(s, 'maps', m), { recursive: true });
    writeNifti(join(s, 'mask_tumour.nii.gz'), {
      ...image((v) => (v < 16 ? 1 : 0)),
      data: Uint8Array.from({ length: 32 }, (_, v) => (v < 16 ? 1 : 0)),
    });
    writeNifti(
      join(s, 'maps', 'a', 'fp_ml_100ml_min.nii.gz'),
      image(() => 40 + 30 * hgg + 12 * (rng.next() - 0.5) + k * 0.01),
    );
    writeNifti(
      join(s, 'maps', 'a', 'delay_s.nii.gz'),
      image(() => hgg * 5),
    ); // a fit diagnostic: must not be graded
    writeNifti(
      join(s, 'maps', 'b', 'fp_ml_100ml_min.nii.gz'),
      image(() => 40 + 4 * hgg + 20 * (rng.next() - 0.5)),
    );
  }
}

test('grades only perfusion-map features, picks each method best, tests them pairwise and writes the report', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qtm-grade-'));
  writeCohort(join(dir, 'cohort'));
  const out = join(dir, 'report');
  mkdirSync(out);
  const summary = await gradeCohortFolder(join(dir, 'cohort'), out, {
    methods: ['a', 'b'],
    roiLabels: [1],
    bootstrap: 200,
    folds: 3,
    repeats: 2,
    seed: 1,
    title: 'test',
  });
  expect(summary.aucs.every((a) => /^(a|b)_fp_ml_100ml_min_[a-z0-9]+$/.test(a.feature))).toBe(true);
  expect(summary.aucs[0].feature).toMatch(/^a_fp_ml_100ml_min_/);
  expect(summary.aucs[0].auc).toBeGreaterThan(0.9);
  expect(summary.comparison).toMatchObject({
    a: expect.stringMatching(/^a_/),
    b: expect.stringMatching(/^b_/),
  });
  for (const f of ['report.html', 'roc.png', 'features.png', 'features.csv', 'summary.json'])
    expect(existsSync(join(out, f))).toBe(true);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { auc: { scores: unknown[] } };
  expect(report.auc.scores).toHaveLength(summary.aucs.length);
}, 60_000);
