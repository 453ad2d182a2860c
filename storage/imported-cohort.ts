/**
 * Uploading an imported cohort with its lineage, and finding it again. The upload is one experiment (named by
 * the import, its config the import settings, nothing identifying) with one `import-cohort` run that produced a
 * subject-folder dataset per subject and the cohort dataset (contracts/imported-cohort.ts). Only the
 * pseudonymised output folder is read: the import's secrets never come near this code.
 */
import { join } from 'node:path';
import {
  IMPORT_RUN_KIND,
  IMPORTED_COHORT_KIND,
  type ImportedCohort,
  importedCohortSchema,
} from '../contracts/imported-cohort';
import type { ContentAddressedStore, ObjectRef } from './content-addressed-store';
import { putFolder } from './dataset-folder';
import { getManifest, getShard, putDataset } from './dataset-manifest';
import { objectKey } from './object-keys';
import type { ResultsRepository } from './results-repository';
import { StorageError } from './storage-error';

export interface ImportUpload {
  name: string;
  /** The import's output folder: `<subject>/` folders and labels.csv. */
  cohortDir: string;
  subjects: Array<{ subject: string; grade: 'lgg' | 'hgg' }>;
  /** The import settings, recorded as the experiment's config. */
  config: Record<string, unknown>;
  codeVersion: string;
}

export async function uploadImportedCohort(
  store: ContentAddressedStore,
  results: ResultsRepository,
  u: ImportUpload,
): Promise<{ experimentId: string; runId: string; cohort: ObjectRef }> {
  const experiment = await results.createExperiment({
    name: u.name,
    config: { kind: 'qtm import', ...u.config },
    codeVersion: u.codeVersion,
  });
  const run = await results.startRun({ experimentId: experiment.id, kind: IMPORT_RUN_KIND });
  const record = (ref: ObjectRef, kind: string) =>
    results.recordDataset({
      sha256: ref.sha256,
      kind,
      objectKey: objectKey(ref.sha256),
      byteSize: ref.bytes,
      producedByRunId: run.id,
    });
  try {
    const subjects: ImportedCohort['subjects'] = [];
    for (const s of u.subjects) {
      const { ref } = await putFolder(store, 'subject', join(u.cohortDir, s.subject), { grade: s.grade });
      await record(ref, 'subject');
      subjects.push({ subject: s.subject, grade: s.grade, data: ref });
    }
    const cohort: ImportedCohort = importedCohortSchema.parse({
      schema: 'qtm.imported-cohort/v1',
      name: u.name,
      subjects,
    });
    const labels = `subject,grade\n${subjects.map((s) => `${s.subject},${s.grade}`).join('\n')}\n`;
    const { ref } = await putDataset(
      store,
      IMPORTED_COHORT_KIND,
      [
        { name: 'cohort.json', data: Buffer.from(`${JSON.stringify(cohort, null, 2)}\n`) },
        { name: 'labels.csv', data: Buffer.from(labels) },
      ],
      { name: u.name },
    );
    await record(ref, IMPORTED_COHORT_KIND);
    await results.finishRun(run.id);
    await results.finishExperiment(experiment.id, 'SUCCEEDED');
    return { experimentId: experiment.id, runId: run.id, cohort: ref };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    await results.failRun(run.id, {
      code: typeof code === 'string' ? code : 'INTERNAL',
      message: (err as Error).message,
    });
    await results.finishExperiment(experiment.id, 'FAILED');
    throw err;
  }
}

/** The cohort an experiment names: by sha256 of its dataset, or by the import's name (its newest upload). */
export async function resolveImportedCohort(
  store: ContentAddressedStore,
  results: ResultsRepository,
  dataset: string,
): Promise<{ sha256: string; datasetId: string; cohort: ImportedCohort }> {
  const row = /^[0-9a-f]{64}$/.test(dataset)
    ? await results.findDatasetBySha256(dataset)
    : await results.findProducedDataset(dataset, IMPORT_RUN_KIND, IMPORTED_COHORT_KIND);
  if (!row || row.kind !== IMPORTED_COHORT_KIND)
    throw new StorageError(
      'IMPORTED_COHORT_NOT_FOUND',
      `no imported cohort "${dataset}" is recorded; run \`qtm import --name ${/^[0-9a-f]{64}$/.test(dataset) ? '<name>' : dataset} ...\` first, or give the sha256 it printed`,
    );
  const manifest = await getManifest(store, row.sha256);
  const parsed = importedCohortSchema.safeParse(
    JSON.parse((await getShard(store, manifest, 'cohort.json')).toString('utf8')),
  );
  if (!parsed.success)
    throw new StorageError(
      'INVALID_MANIFEST',
      `imported cohort ${row.sha256}: cohort.json does not match qtm.imported-cohort/v1`,
    );
  return { sha256: row.sha256, datasetId: row.id, cohort: parsed.data };
}
