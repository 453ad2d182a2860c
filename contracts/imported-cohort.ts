/**
 * The cohort `qtm import` uploads (docs/import.md): a dataset of kind `imported-cohort` whose shard
 * `cohort.json` lists each pseudonymised subject with its grade and the claim check of its subject-folder
 * dataset, beside `labels.csv`. An experiment config names it (`importedCohort.dataset`) by the import's name or
 * by this dataset's sha256; the workflow then starts from the subject datasets and never sees source files.
 */
import { z } from 'zod';

export const IMPORTED_COHORT_KIND = 'imported-cohort';
/** The run that uploads an import, whose experiment carries the import's name. */
export const IMPORT_RUN_KIND = 'import-cohort';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const importedCohortSchema = z
  .object({
    schema: z.literal('qtm.imported-cohort/v1'),
    name: z.string(),
    subjects: z
      .array(
        z
          .object({
            subject: z.string().regex(/^sub-[0-9a-f]{12}$/),
            grade: z.enum(['lgg', 'hgg']),
            data: z.object({ uri: z.string(), sha256, bytes: z.number().int().nonnegative() }).strict(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type ImportedCohort = z.infer<typeof importedCohortSchema>;
