/**
 * The grading side of the pipeline. Per subject, its feature row: the tumour mask (one file of the subject
 * dataset, not its 4-D series) and each method's maps in, one CSV row out (a small artifact). Per batch,
 * its table of subjects and what each step made for them (contracts/cohort-batch.ts). Per cohort, the
 * grading: the feature rows listed in the batch tables, put together and graded with the statistics on the
 * worker's shared pool, so the activity's event loop stays free to heartbeat however long they take.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CohortBatchSubject, cohortBatchTableSchema } from '../contracts/cohort-batch';
import type { GradingStepConfig } from '../contracts/experiment-config';
import type { GradingOutcome, GradingSummary, ObjectRefDto, StepOutcome } from '../contracts/step-outcomes';
import { formatCsv } from '../formats/csv';
import { subjectFeatureRow } from '../jobs/features-job';
import { gradeFeatureRows } from '../jobs/grade-cohort-job';
import { parseChecked } from '../perfusion/schema-check';
import { canonicalJson } from '../storage/canonical-json';
import { getFolder, putFolder } from '../storage/dataset-folder';
import { getManifest, getShard } from '../storage/dataset-manifest';
import { StorageError } from '../storage/storage-error';
import { onSharedPool } from './activity-pool';
import { type ActivityDeps, runCachedStep, stepSpec } from './step-runner';
import { withWorkDir } from './work-dir';

/** Feature rows fetched at once by the grading step: enough to hide the store's latency, few connections. */
const PARALLEL_FETCHES = 16;

export function createGradingActivities(deps: ActivityDeps) {
  const { store, results } = deps;
  return {
    async subjectFeatures(input: {
      experimentId: string;
      subject: string;
      grade: 'lgg' | 'hgg';
      data: ObjectRefDto;
      /** method -> its map folder */
      maps: Record<string, ObjectRefDto>;
      roiLabels: number[];
    }): Promise<StepOutcome> {
      const { subject, grade, roiLabels } = input;
      const methods = Object.keys(input.maps).sort();
      const spec = stepSpec(
        input.experimentId,
        'subject-features',
        { subject, grade, roiLabels, methods },
        [input.data.sha256, ...methods.map((m) => input.maps[m].sha256)],
        { table: 'artifact', kind: 'feature-row' },
      );
      return runCachedStep(deps, spec, () =>
        withWorkDir('features', async (dir) => {
          const manifest = await getManifest(store, input.data.sha256);
          writeFileSync(
            join(dir, 'mask_tumour.nii.gz'),
            await getShard(store, manifest, 'mask_tumour.nii.gz'),
          );
          for (const m of methods) await getFolder(store, input.maps[m].sha256, join(dir, 'maps', m));
          const row = subjectFeatureRow(dir, { subject, grade }, methods, roiLabels);
          return store.putBytes(Buffer.from(formatCsv(row.header, row.rows)));
        }),
      );
    },

    /** The batch's table of subjects: one object the experiment workflow and grading refer to. */
    async storeBatchTable(input: {
      experimentId: string;
      subjects: CohortBatchSubject[];
    }): Promise<StepOutcome> {
      const table = { schema: 'qtm.cohort-batch/1' as const, subjects: input.subjects };
      const inputs = [
        ...new Set(input.subjects.flatMap((s) => [s.data, ...Object.values(s.maps), s.features])),
      ];
      const spec = stepSpec(input.experimentId, 'cohort-batch', table, inputs, {
        table: 'artifact',
        kind: 'cohort-batch',
      });
      return runCachedStep(deps, spec, () => store.putBytes(Buffer.from(canonicalJson(table))));
    },

    /** Features of every method's maps in the tumour ROI, ROC/AUC with intervals, nested CV, and the report. */
    async gradeCohort(input: {
      experimentId: string;
      /** the batch tables, in cohort order */
      batches: ObjectRefDto[];
      grading: GradingStepConfig;
      /** the graded methods in the report's order: the fitted model, then QTMnet */
      methods: string[];
      title: string;
    }): Promise<GradingOutcome> {
      const spec = stepSpec(
        input.experimentId,
        'grade-cohort',
        { grading: input.grading, methods: input.methods },
        input.batches.map((b) => b.sha256),
        { table: 'artifact', kind: 'report' },
      );
      const outcome = await runCachedStep(deps, spec, async (runId) =>
        withWorkDir('grade', async (dir) => {
          const subjects: CohortBatchSubject[] = [];
          for (const b of input.batches) subjects.push(...(await readBatchTable(b.sha256)).subjects);
          const rows = await inParallel(subjects, PARALLEL_FETCHES, async (s) =>
            (await store.getBytes(s.features)).toString('utf8'),
          );
          const graded = await onSharedPool((pool, signal) =>
            gradeFeatureRows(
              rows,
              subjects.map((s) => `feature row of ${s.subject} (${s.features})`),
              dir,
              { ...input.grading, methods: input.methods, title: input.title, pool, signal },
            ),
          );
          for (const { name, value } of gradingMetrics(graded))
            await results.recordMetric({ runId, name, value });
          return (await putFolder(store, 'report', dir)).ref;
        }),
      );
      const manifest = await getManifest(store, outcome.output.sha256);
      const summary = JSON.parse((await getShard(store, manifest, 'summary.json')).toString('utf8'));
      return { ...outcome, ...(summary as GradingSummary) };
    },
  };

  async function readBatchTable(sha256: string) {
    return parseChecked(
      cohortBatchTableSchema,
      JSON.parse((await store.getBytes(sha256)).toString('utf8')),
      `batch table ${sha256}`,
      'INVALID_BATCH_TABLE',
      (code, message) => new StorageError(code, message),
    );
  }
}

/** fn over items with at most `limit` calls in flight; results in the items' order. */
async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const k = next++;
      out[k] = await fn(items[k]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/**
 * Metric rows of a grading: every feature's AUC (`auc:<feature>`), the primary features' AUCs and paired
 * DeLong p, each method's nested-CV AUC and its p against chance, and the permutation p and AUC difference
 * between methods.
 */
function gradingMetrics(g: GradingSummary): Array<{ name: string; value: number }> {
  return [
    ...g.aucs.map((a) => ({ name: `auc:${a.feature}`, value: a.auc })),
    ...g.primary.map((a) => ({ name: `primary_auc:${a.method}`, value: a.auc })),
    ...g.primaryTests.map((t) => ({ name: `primary_delong_p:${t.a}-vs-${t.b}`, value: t.p })),
    ...g.nestedCv.flatMap((m) => [
      { name: `nested_cv_auc:${m.method}`, value: m.auc },
      { name: `nested_cv_chance_p:${m.method}`, value: m.chanceP },
    ]),
    ...g.permutationTests.flatMap((t) => [
      { name: `nested_cv_auc_difference:${t.a}-vs-${t.b}`, value: t.difference },
      { name: `permutation_p:${t.a}-vs-${t.b}`, value: t.p },
    ]),
  ];
}

export type GradingActivities = ReturnType<typeof createGradingActivities>;
