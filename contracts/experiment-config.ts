/**
 * The experiment config (experiments/*.yaml): one zod schema, read by the CLI (formats/experiment-config.ts),
 * passed to the workflow and its activities as the inferred types below. Units are in the key names or the
 * comments; every section is checked in full before a workflow starts.
 */
import { z } from 'zod';
import { MODEL_NAMES, type ModelName } from '../perfusion/models/kinetic-model';
import { checkedSimulationSettingsSchema } from '../perfusion/simulate/simulation-config-checks';
import {
  AIF_OPTIONS,
  type AifOption,
  DEFAULT_PRIMARY_FEATURE,
  fitMethodName,
  methodFeatures,
} from './parameter-maps';
import { trainingRecipeSchema } from './training-config';

const aifSchema = z
  .object({
    /** population AIF model (Parker 2006 or Georgiou 2019) */
    model: z.enum(['parker', 'georgiou']).default('parker'),
    /** haematocrit, fraction (plasma = blood / (1 - hct)) */
    hct: z.number().min(0).lt(1).default(0.42),
    /** bolus arrival, s */
    onsetS: z.number().min(0).max(600).default(10),
    /** sample interval, s */
    frameIntervalS: z.number().positive().max(60).default(1),
    /** acquisition length, s */
    durationS: z.number().positive().max(3600).default(300),
  })
  .strict();

/** Subjects per grade; they run in batch workflows of `limits.subjectsPerBatch`, so histories stay small. */
const count = z.number().int().min(1).max(10_000);

/** A simulated cohort: LGG subjects first, then HGG; subject k has seed `seed + k`. */
const cohortSchema = z
  .object({
    lgg: count,
    hgg: count,
    seed: z.number().int().min(0),
    /** simulator settings over its defaults (docs/simulator.md), checked in full here, physics included */
    simulator: checkedSimulationSettingsSchema.default({}),
  })
  .strict();

/** A cohort imported with `qtm import`: its name (the newest upload under it) or its dataset's sha256. */
const importedCohortSchema = z
  .object({
    dataset: z
      .string()
      .regex(
        /^([a-z][a-z0-9-]{0,62}|[0-9a-f]{64})$/,
        'the name given to `qtm import --name`, or the sha256 it printed',
      ),
  })
  .strict();

/** One value or a list of them (`aif: corrected` or `aif: [artery, corrected]`), read as a list. */
const oneOrMore = <S extends z.ZodType>(item: S) =>
  z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item).min(1));

/**
 * A kinetic model fitted in the tumour with one or more AIFs (`artery`, `corrected`, `population`, `oracle`;
 * docs/science.md section 3.5); each AIF gives its own method, maps/<model>[-<aif>]/ (fitMethodName).
 */
const fitEntrySchema = z
  .object({
    model: z.enum(MODEL_NAMES).default('2cxm'),
    aif: oneOrMore(z.enum(AIF_OPTIONS)).default(['artery']),
    fitDelay: z.boolean().default(true),
  })
  .strict();

/**
 * `fit` (also the fitted methods of an evaluation protocol): one entry or a list of them (e.g. the 2CXM and
 * the extended Tofts model), read as the list of single fits (one model, one AIF) the workflow runs, in the
 * order given.
 */
export const fitSchema = oneOrMore(fitEntrySchema).transform((entries) =>
  entries.flatMap((e) => e.aif.map((aif) => ({ model: e.model, aif, fitDelay: e.fitDelay }))),
);

const qtmnetSchema = z
  .object({
    /** a `qtm train` config without `data` (experiments/qtmnet-default.yaml documents every key) */
    train: trainingRecipeSchema,
    /** MC-dropout samples per voxel, inference batch size, and the seed of the dropout masks */
    infer: z
      .object({
        mcSamples: z.number().int().min(1).max(64).default(8),
        batchSize: z.number().int().min(1).default(1024),
        seed: z.number().int().default(1),
      })
      .strict()
      .default({ mcSamples: 8, batchSize: 1024, seed: 1 }),
  })
  .strict();

/**
 * How long the workflow waits on each step. Transient faults (a server restarting, a worker dying) are
 * retried with exponential backoff and no attempt limit until the step's schedule-to-close timeout.
 */
const limitsSchema = z
  .object({
    /** the longest a step may take, retries and waiting for a worker included, h (default 3 days) */
    stepScheduleToCloseH: z
      .number()
      .positive()
      .max(24 * 365)
      .default(72),
    /** a step whose worker stops heartbeating this long is retried elsewhere, s */
    heartbeatTimeoutS: z.number().int().min(5).max(60).default(60),
    /** the longest wait between two attempts of a failing step, s (backoff doubles from 1 s up to this) */
    retryMaxIntervalS: z.number().int().min(1).max(3600).default(60),
    /** subjects per batch workflow: each batch is a child workflow with a history of its own */
    subjectsPerBatch: z.number().int().min(1).max(1000).default(100),
    /** batch workflows running at once; more keep workers busy across the end of a batch */
    batchesInFlight: z.number().int().min(1).max(50).default(2),
  })
  .strict();

const gradingSchema = z
  .object({
    /** tumour-mask labels of the ROI (1 enhancing, 2 necrosis, 3 oedema) */
    roiLabels: z
      .array(z.union([z.literal(1), z.literal(2), z.literal(3)]))
      .min(1)
      .default([1]),
    /**
     * the pre-specified primary feature of each method, `<map>_<statistic>` (e.g. `ktrans_per_min_mean`),
     * declared before the run; methods left out get DEFAULT_PRIMARY_FEATURE (docs/grading.md)
     */
    primary: z.record(z.string(), z.string()).default({}),
    /** bootstrap replicates of the AUC intervals, the ROC bands and the nested-CV intervals */
    bootstrap: z.number().int().min(100).max(100_000).default(2000),
    folds: z.number().int().min(2).max(20).default(5),
    repeats: z.number().int().min(1).max(200).default(20),
    /** label permutations of the test between methods, each rerunning the whole nested CV */
    permutations: z.number().int().min(1000).max(100_000).default(1000),
    seed: z.number().int().default(1),
  })
  .strict();

export const experimentConfigSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,62}$/, 'lowercase letters, digits and hyphens, starting with a letter'),
    aif: aifSchema.default(aifSchema.parse({})),
    cohort: cohortSchema.optional(),
    importedCohort: importedCohortSchema.optional(),
    fit: fitSchema.optional(),
    qtmnet: qtmnetSchema.optional(),
    grading: gradingSchema.optional(),
    limits: limitsSchema.default(limitsSchema.parse({})),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.cohort && c.importedCohort)
      ctx.addIssue({
        code: 'custom',
        path: ['importedCohort'],
        message: 'give either a simulated `cohort` or an `importedCohort`, not both',
      });
    if (c.qtmnet && !c.qtmnet.train.simulate)
      ctx.addIssue({
        code: 'custom',
        path: ['qtmnet', 'train', 'simulate'],
        message:
          'an experiment trains QTMnet on a simulated training set: give its settings (experiments/qtmnet-default.yaml documents them)',
      });
    if (c.importedCohort && (!c.fit || !c.grading))
      ctx.addIssue({
        code: 'custom',
        path: ['importedCohort'],
        message: 'an imported cohort needs `fit` and `grading` sections too',
      });
    if (c.cohort && (!c.fit || !c.grading))
      ctx.addIssue({
        code: 'custom',
        path: ['cohort'],
        message: 'a cohort needs `fit` and `grading` sections too',
      });
    if (c.cohort && c.grading) {
      const { folds } = c.grading;
      // Each training part must keep at least 2 subjects of each grade (the classifiers need both classes twice).
      for (const grade of ['lgg', 'hgg'] as const) {
        const n = c.cohort[grade];
        if (n - Math.ceil(n / folds) < 2) {
          ctx.addIssue({
            code: 'custom',
            path: ['grading', 'folds'],
            message: `${folds}-fold CV of ${n} ${grade.toUpperCase()} subjects leaves fewer than 2 in a training part; add subjects or change folds`,
          });
        }
      }
    }
    const training = c.qtmnet?.train.simulate;
    if (c.cohort && training) {
      // Subject k of either set has seed `seed + k`: a shared seed would grade a subject QTMnet trained on.
      const cohortEnd = c.cohort.seed + c.cohort.lgg + c.cohort.hgg;
      const trainingEnd = training.seed + training.subjects;
      if (c.cohort.seed < trainingEnd && training.seed < cohortEnd)
        ctx.addIssue({
          code: 'custom',
          path: ['cohort', 'seed'],
          message: `cohort seeds ${c.cohort.seed}-${cohortEnd - 1} overlap QTMnet's training subjects' seeds ${training.seed}-${trainingEnd - 1}; choose a cohort seed outside that range`,
        });
    }
    const fitted = (c.fit ?? []).map((f) => fitMethodName(f.model, f.aif));
    fitted.forEach((method, i) => {
      if (fitted.indexOf(method) < i)
        ctx.addIssue({
          code: 'custom',
          path: ['fit'],
          message: `${method} is fitted twice (maps/${method}/ would be written twice); list each model and AIF once`,
        });
    });
    if (c.grading) {
      const methods = gradedMethods(c);
      for (const [method, feature] of Object.entries(c.grading.primary)) {
        if (!methods.includes(method)) {
          ctx.addIssue({
            code: 'custom',
            path: ['grading', 'primary', method],
            message: `this experiment grades no method "${method}"; it grades ${methods.join(' and ') || 'nothing (add fit or qtmnet)'}`,
          });
          continue;
        }
        const features = methodFeatures(method);
        if (!features.includes(feature))
          ctx.addIssue({
            code: 'custom',
            path: ['grading', 'primary', method],
            message: `${method} has no feature "${feature}"; choose one of ${features.join(', ')}`,
          });
      }
    }
  })
  .transform((c) => {
    if (!c.grading) return c;
    const primary = Object.fromEntries(
      gradedMethods(c).map((m) => [m, c.grading?.primary[m] ?? DEFAULT_PRIMARY_FEATURE]),
    );
    return { ...c, grading: { ...c.grading, primary } };
  });

/** The methods a cohort's grading compares, in the report's order: the fits as listed, then QTMnet. */
function gradedMethods(c: { fit?: Array<{ model: ModelName; aif: AifOption }>; qtmnet?: unknown }): string[] {
  return [...(c.fit ?? []).map((f) => fitMethodName(f.model, f.aif)), ...(c.qtmnet ? ['qtmnet'] : [])];
}

export type ExperimentConfig = z.infer<typeof experimentConfigSchema>;
export type AifStepConfig = ExperimentConfig['aif'];
export type CohortStepConfig = NonNullable<ExperimentConfig['cohort']>;
export type ImportedCohortStepConfig = NonNullable<ExperimentConfig['importedCohort']>;
/** One fit of the workflow: a model with one AIF. */
export type FitStepConfig = NonNullable<ExperimentConfig['fit']>[number];
export type QtmnetStepConfig = NonNullable<ExperimentConfig['qtmnet']>;
export type GradingStepConfig = NonNullable<ExperimentConfig['grading']>;
export type StepLimits = ExperimentConfig['limits'];
