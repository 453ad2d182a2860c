/**
 * A cohort's grading statistics as a pool task: computed on a worker thread they are the same numbers as
 * computed inline (the input and output survive the structured clone), and a bad feature name comes back
 * with its code.
 */
import { WorkerPool } from '../../../compute/worker-pool';
import { gradingStatistics } from '../../../reports/grading-statistics';
import { syntheticCohort } from '../reports/grading-report-cohort';

const pool = new WorkerPool(1);
afterAll(() => pool.close());

const { table } = syntheticCohort();
const features = Array.from(table.columns.keys());
const input = {
  table,
  label: 'grade',
  positive: 'hgg',
  rocScores: ['qtmnet_u_mm_s_mean', '2cxm_fp_ml_100ml_min_mean'],
  bootstrap: { replicates: 200, seed: 3 },
  cv: { kind: 'kfold' as const, folds: 3, repeats: 2, seed: 3 },
  preSpecified: {
    methods: ['qtmnet', '2cxm'],
    selection: {
      groups: [
        { method: 'qtmnet', features: features.filter((f) => f.startsWith('qtmnet_')) },
        { method: '2cxm', features: features.filter((f) => f.startsWith('2cxm_')) },
      ],
      scheme: { kind: 'kfold' as const, folds: 3, repeats: 2, seed: 3 },
      replicates: 200,
      permutations: 200,
      seed: 3,
    },
  },
};

test('on a pool thread the statistics are those computed inline', async () => {
  const [onThread] = await pool.run('gradingStatistics', [input], { offMainThread: true });
  const inline = gradingStatistics(input);
  expect(onThread).toEqual(inline);
  expect(onThread.selection?.methods.map((m) => m.method)).toEqual(['qtmnet', '2cxm']);
  expect(onThread.roc.map((r) => r.band?.length)).toEqual([51, 51]);
}, 60_000);

test('an unknown primary feature comes back from the thread with its code', async () => {
  await expect(
    pool.run('gradingStatistics', [{ ...input, rocScores: ['no_such_feature', input.rocScores[1]] }], {
      offMainThread: true,
    }),
  ).rejects.toMatchObject({ code: 'UNKNOWN_FEATURE' });
});
