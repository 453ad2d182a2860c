/**
 * The table of one batch of an experiment's cohort (schema `qtm.cohort-batch/1`, an artifact of kind
 * `cohort-batch`): each subject of the batch, its grade, and the sha256 of what the steps made for it
 * (its subject-folder dataset, each method's map folder, its feature row). A batch workflow stores it as
 * its last step; grading reads the feature rows through these tables, so the experiment workflow carries
 * one reference per batch rather than one per subject.
 */
import { z } from 'zod';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const cohortBatchTableSchema = z.strictObject({
  schema: z.literal('qtm.cohort-batch/1'),
  subjects: z
    .array(
      z.strictObject({
        subject: z.string().min(1),
        grade: z.enum(['lgg', 'hgg']),
        data: sha256,
        /** method (the fitted model, qtmnet) -> its map folder */
        maps: z.record(z.string(), sha256),
        /** the feature row: CSV, a header and one row (jobs/features-job.ts) */
        features: sha256,
      }),
    )
    .min(1),
});

export type CohortBatchTable = z.infer<typeof cohortBatchTableSchema>;
export type CohortBatchSubject = CohortBatchTable['subjects'][number];
