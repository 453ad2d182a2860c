/** The subjects an experiment graded, read from its batch tables (contracts/cohort-batch.ts), in cohort order. */
import { type CohortBatchSubject, cohortBatchTableSchema } from '../../../contracts/cohort-batch';
import type { ExperimentResult } from '../../../contracts/step-outcomes';
import type { ContentAddressedStore } from '../../../storage/content-addressed-store';

export async function batchSubjects(
  store: ContentAddressedStore,
  result: ExperimentResult,
): Promise<CohortBatchSubject[]> {
  const subjects: CohortBatchSubject[] = [];
  for (const batch of result.cohort?.batches ?? [])
    subjects.push(
      ...cohortBatchTableSchema.parse(
        JSON.parse((await store.getBytes(batch.output.sha256)).toString('utf8')),
      ).subjects,
    );
  return subjects;
}
