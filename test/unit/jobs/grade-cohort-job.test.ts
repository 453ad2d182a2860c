import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkerPool } from '../../../compute/worker-pool';
import { readLabels, writeLabels } from '../../../formats/cohort-labels';
import { formatCsv } from '../../../formats/csv';
import { writeNifti } from '../../../formats/nifti';
import { subjectFeatureRow } from '../../../jobs/features-job';
import { gradeFeatureRows } from '../../../jobs/grade-cohort-job';
import { createSeededRandom } from '../../../perfusion/random/seeded-random';

const pool = new WorkerPool(2);
afterAll(() => pool.close());

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

/** Each subject's feature row, as the experiment's per-subject features step stores it. */
function featureRows(cohort: string, methods: string[]): string[] {
  return readLabels(cohort).map((s) => {
    const row = subjectFeatureRow(join(cohort, s.subject), s, methods, [1]);
    return formatCsv(row.header, row.rows);
  });
}

function gradeCohortFolder(
  cohort: string,
  out: string,
  o: Omit<typeof options, 'primary'> & { primary: Record<string, string> },
) {
  const rows = featureRows(cohort, o.methods);
  return gradeFeatureRows(
    rows,
    rows.map((_, k) => `sub-${k}`),
    out,
    { ...o, pool },
  );
}

const options = {
  methods: ['a', 'b'],
  roiLabels: [1 as const],
  primary: { a: 'fp_ml_100ml_min_mean', b: 'fp_ml_100ml_min_median' },
  bootstrap: 200,
  folds: 3,
  repeats: 2,
  permutations: 200,
  seed: 1,
  title: 'test',
};

test('grades perfusion-map features: primary features first, best of N only with nested CV, tests between methods', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qtm-grade-'));
  writeCohort(join(dir, 'cohort'));
  const out = join(dir, 'report');
  mkdirSync(out);
  const summary = await gradeCohortFolder(join(dir, 'cohort'), out, options);
  expect(summary.aucs.every((a) => /^(a|b)_fp_ml_100ml_min_[a-z0-9]+$/.test(a.feature))).toBe(true);
  expect(summary.primary.map((p) => [p.method, p.feature])).toEqual([
    ['a', 'a_fp_ml_100ml_min_mean'],
    ['b', 'b_fp_ml_100ml_min_median'],
  ]);
  expect(summary.primary[0].auc).toBeGreaterThan(0.9);
  expect(summary.primaryTests).toEqual([
    expect.objectContaining({ a: 'a_fp_ml_100ml_min_mean', b: 'b_fp_ml_100ml_min_median' }),
  ]);
  expect(summary.nestedCv.map((m) => [m.method, m.candidates])).toEqual([
    ['a', 5],
    ['b', 5],
  ]);
  const [a, b] = summary.nestedCv;
  expect(a.auc).toBeGreaterThan(0.8);
  expect(a.naiveBest.auc).toBeGreaterThanOrEqual(b.naiveBest.auc);
  expect(a.ciLow).toBeLessThanOrEqual(a.auc);
  expect(summary.permutationTests).toEqual([
    expect.objectContaining({ a: 'a', b: 'b', difference: a.auc - b.auc }),
  ]);
  expect(summary.permutations).toBe(200);
  for (const f of ['report.html', 'roc.png', 'features.png', 'features.csv', 'summary.json'])
    expect(existsSync(join(out, f))).toBe(true);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  expect(Object.keys(report)).toEqual(['primary', 'selection', 'auc', 'cv']);
  expect(report.auc.scores).toHaveLength(summary.aucs.length);
  expect(report.auc.best).toBeUndefined();
  expect(report.selection.methods[0].nestedCvAuc).toBe(a.auc);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  expect(html.indexOf('Primary features (pre-specified')).toBeLessThan(html.indexOf('selection-aware'));
  expect(html.indexOf('selection-aware')).toBeLessThan(html.indexOf('every feature'));
  expect(html).not.toContain('Best AUC:');
}, 60_000);

test('a primary feature that is missing or not graded is an error, not a silent substitution', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qtm-grade-'));
  writeCohort(join(dir, 'cohort'));
  const out = join(dir, 'report');
  mkdirSync(out);
  const run = (primary: Record<string, string>) =>
    gradeCohortFolder(join(dir, 'cohort'), out, { ...options, primary });
  await expect(run({ a: 'fp_ml_100ml_min_mean' })).rejects.toMatchObject({
    code: 'MISSING_PRIMARY_FEATURE',
  });
  await expect(run({ a: 'ktrans_per_min_mean', b: 'fp_ml_100ml_min_mean' })).rejects.toMatchObject({
    code: 'PRIMARY_FEATURE_UNAVAILABLE',
    message: expect.stringContaining('a_fp_ml_100ml_min_mean'),
  });
});

test("feature rows with other columns than the first subject's are refused, naming the subject", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qtm-grade-'));
  writeCohort(join(dir, 'cohort'));
  const rows = featureRows(join(dir, 'cohort'), ['a', 'b']);
  const onlyA = featureRows(join(dir, 'cohort'), ['a']);
  const mixed = [...rows.slice(0, 5), onlyA[5], ...rows.slice(6)];
  await expect(
    gradeFeatureRows(
      mixed,
      mixed.map((_, k) => `sub-${k}`),
      join(dir, 'report'),
      { ...options, pool },
    ),
  ).rejects.toMatchObject({ code: 'FEATURES_MISMATCH', message: expect.stringMatching(/^sub-5: /) });
});
