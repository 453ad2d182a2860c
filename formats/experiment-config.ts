/**
 * Experiment configs (experiments/*.yaml), validated at the boundary with zod: an error names the file, the
 * key and what it must be.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { ROI_STATISTICS } from '../perfusion/grading/roi-features';
import { KINETIC_MODELS } from '../perfusion/models/model-registry';
import type { ExperimentConfig } from '../workflows/experiment-types';
import { fittedMapParameters, MAP_NAMES } from './fit-map-folder';
import { FormatError } from './format-error';
import { TRUTH_MAPS } from './subject-folder';

const aifSchema = z
  .object({
    model: z.enum(['parker', 'georgiou']).default('parker'),
    hct: z.number().min(0).lt(1).default(0.42),
    onsetS: z.number().min(0).max(600).default(10),
    frameIntervalS: z.number().positive().max(60).default(1),
    durationS: z.number().positive().max(3600).default(300),
  })
  .strict();

const count = z.number().int().min(1).max(500);

const cohortSchema = z
  .object({
    lgg: count,
    hgg: count,
    seed: z.number().int().min(0),
    /** simulator settings over its defaults; checked in full by the simulate activity */
    simulator: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

const fitSchema = z
  .object({
    model: z.enum(['2cxm', 'etm', 'tofts', 'patlak', '2cum']).default('2cxm'),
    fitDelay: z.boolean().default(true),
  })
  .strict();

const qtmnetSchema = z
  .object({
    /** a `qtm train` config without `data` (see experiments/qtmnet-default.yaml); checked by the train activity */
    train: z.record(z.string(), z.unknown()),
    infer: z
      .object({
        mcSamples: z.number().int().min(1).max(64).default(8),
        batchSize: z.number().int().min(1).default(1024),
        seed: z.number().int().default(1),
      })
      .strict()
      .default({ mcSamples: 8, batchSize: 1024, seed: 1 }),
    heartbeatTimeoutS: z.number().int().min(5).max(86_400).default(600),
  })
  .strict();

/**
 * The primary feature of a method when the config names none: the tumour ROI's mean Ktrans, the DCE
 * parameter most consistently related to glioma grade (Patankar et al., AJNR 2005; Arevalo-Perez et al.,
 * J Neuroimaging 2015; docs/grading.md). Every graded method writes a Ktrans map.
 */
export const DEFAULT_PRIMARY_FEATURE = 'ktrans_per_min_mean';

/** File stems of the maps a graded method writes: a fitted model's, or QTMnet's (every truth map). */
function mapStems(method: string): readonly string[] {
  if (method === 'qtmnet') return TRUTH_MAPS;
  const model = KINETIC_MODELS[method as keyof typeof KINETIC_MODELS];
  return fittedMapParameters(model).map((name) => MAP_NAMES[name].stem);
}

/** The methods a cohort's grading compares, in the report's order: the fitted model, then QTMnet. */
function gradedMethods(c: { fit?: { model: string }; qtmnet?: unknown }): string[] {
  return [...(c.fit ? [c.fit.model] : []), ...(c.qtmnet ? ['qtmnet'] : [])];
}

const gradingSchema = z
  .object({
    roiLabels: z
      .array(z.union([z.literal(1), z.literal(2), z.literal(3)]))
      .min(1)
      .default([1]),
    /** method -> `<map>_<statistic>`; methods left out get DEFAULT_PRIMARY_FEATURE */
    primary: z.record(z.string(), z.string()).default({}),
    bootstrap: z.number().int().min(100).max(100_000).default(2000),
    folds: z.number().int().min(2).max(20).default(5),
    repeats: z.number().int().min(1).max(200).default(20),
    permutations: z.number().int().min(1000).max(100_000).default(1000),
    seed: z.number().int().default(1),
  })
  .strict();

const experimentSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,62}$/, 'lowercase letters, digits and hyphens, starting with a letter'),
    aif: aifSchema.default(aifSchema.parse({})),
    cohort: cohortSchema.optional(),
    fit: fitSchema.optional(),
    qtmnet: qtmnetSchema.optional(),
    grading: gradingSchema.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
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
        const features = mapStems(method).flatMap((stem) => ROI_STATISTICS.map((st) => `${stem}_${st}`));
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

export function parseExperimentConfig(value: unknown, source: string): ExperimentConfig {
  const result = experimentSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new FormatError(
      'INVALID_CONFIG',
      `${source}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`,
    );
  }
  return result.data;
}

export function readExperimentConfig(path: string): ExperimentConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new FormatError(
      'CONFIG_NOT_FOUND',
      `cannot read experiment config ${path}: ${(cause as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (cause) {
    throw new FormatError(
      'INVALID_CONFIG',
      `${path} is not valid YAML: ${(cause as Error).message.split('\n')[0]}`,
    );
  }
  return parseExperimentConfig(value, path);
}
