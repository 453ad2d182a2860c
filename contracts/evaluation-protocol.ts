/**
 * The pre-registered evaluation protocol (docs/evaluation.md; run by bench/qtmnet/evaluate-protocol.ts): the
 * held-out subjects, the simulator settings and the injection ranges with their sources, the conditions, the
 * methods, the metrics with their subject-level bootstrap, the primary outcomes, how multiplicity is handled
 * and the power analysis, all fixed before the models it judges are trained. One zod schema; units in the key
 * names or comments (s, SNR as grey-matter baseline signal / noise sigma).
 */
import { z } from 'zod';
import { checkedSimulationSettingsSchema } from '../perfusion/simulate/simulation-config-checks';
import { type EvaluationCondition, expandConditions } from './evaluation-conditions';
import { fitSchema } from './experiment-config';
import { fitMethodName } from './parameter-maps';

const slug = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'lowercase letters, digits and hyphens, starting with a letter');
const seeds = z
  .array(z.number().int().min(0))
  .min(2, 'at least 2 subjects per grade (the bootstrap resamples subjects)');
const positive = z.number().finite().positive();

/** Parameters scored (SI inside; Ktrans of the 2CXM derived from Fp and PS) and the ROIs. */
export const EVALUATION_PARAMETERS = ['fp', 'ps', 'ktrans', 'vp', 've'] as const;
export type EvaluationParameter = (typeof EVALUATION_PARAMETERS)[number];
export const EVALUATION_ROIS = ['tumour', 'normal'] as const;
export type EvaluationRoi = (typeof EVALUATION_ROIS)[number];
/** The phantom's fit: the 2CXM with the phantom's own AIF (its generating model, so a check of the plumbing). */
export const PHANTOM_FIT = '2cxm-oracle';
export const EVALUATION_MEASURES = ['median_abs_relative_error', 'bland_altman', 'failed_fit_rate'] as const;

/** Injection ranges of a condition: simulator settings over the protocol's (e.g. `injection:`), with sources. */
const injectionRangesSchema = z.strictObject({
  simulator: checkedSimulationSettingsSchema,
  sources: z.array(z.string().min(1)).min(1, 'cite where the ranges come from'),
});

const qtmnetArmSchema = z.strictObject({
  name: slug,
  /** Model folder (`qtm train --out`), relative to the repository root; the runner's --model NAME=DIR overrides it. */
  model: z.string().min(1),
  /** Resample other frame grids onto the model's (qtm infer --resample). */
  resample: z.boolean().default(true),
  /** The injections the arm was trained on. */
  trainedOn: z.enum(['fixed', 'varied']),
});

const methodCondition = z.strictObject({ method: z.string(), condition: z.string() });

export const evaluationProtocolSchema = z
  .strictObject({
    name: slug,
    description: z.string().min(1),
    /** Held-out subjects: simulator seeds per grade, disjoint from every training seed. */
    subjects: z.strictObject({ lgg: seeds, hgg: seeds }),
    /** Seed ranges [first, last] of every training and validation set of the judged models. */
    trainingSeeds: z.array(z.tuple([z.number().int(), z.number().int()])).default([]),
    /** Simulator settings over its defaults, shared by all conditions (noise and frame interval come from them). */
    simulator: checkedSimulationSettingsSchema.default({}),
    /** Frame interval of the noise-free simulation every condition re-acquires, s (divides each condition's). */
    noiselessFrameIntervalS: positive.default(1),
    /** Voxels scored per subject and ROI (a seeded sample), and the sample's seed. */
    voxelsPerRoi: z.number().int().min(10),
    sampleSeed: z.number().int(),
    injections: z.record(slug, injectionRangesSchema),
    reference: z.strictObject({
      injection: z.string(),
      snr: positive,
      frameIntervalS: positive,
      vesselDensity: positive.default(1),
    }),
    vary: z
      .strictObject({
        injection: z.array(z.string()).default([]),
        snr: z.array(positive).default([]),
        frameIntervalS: z.array(positive).default([]),
        vesselDensity: z.array(positive).default([]),
      })
      .default({ injection: [], snr: [], frameIntervalS: [], vesselDensity: [] }),
    methods: z.strictObject({ qtmnet: z.array(qtmnetArmSchema).default([]), fit: fitSchema.default([]) }),
    metrics: z.strictObject({
      parameters: z.array(z.enum(EVALUATION_PARAMETERS)).min(1),
      rois: z.array(z.enum(EVALUATION_ROIS)).min(1),
      measures: z.array(z.enum(EVALUATION_MEASURES)).min(1),
      /** Scale of the Bland-Altman differences (perfusion/evaluation/bland-altman.ts). */
      agreementScale: z.enum(['relative', 'log']).default('log'),
    }),
    primaryOutcomes: z
      .array(
        z.strictObject({
          name: slug,
          measure: z.enum(EVALUATION_MEASURES),
          parameter: z.enum(EVALUATION_PARAMETERS),
          roi: z.enum(EVALUATION_ROIS),
          methods: z.array(z.string()).min(1),
          condition: z.string(),
          hypothesis: z.string().min(1),
        }),
      )
      .min(1, 'pre-register at least one primary outcome'),
    /** Ratio of an arm's median relative error to another's, e.g. varied- vs fixed-injection QTMnet. */
    armRatio: z
      .strictObject({
        numerator: methodCondition,
        denominator: methodCondition,
        parameters: z.array(z.enum(EVALUATION_PARAMETERS)).min(1),
        roi: z.enum(EVALUATION_ROIS),
        /** Acceptance: the ratio's upper bound stays below this. */
        margin: positive,
      })
      .optional(),
    /**
     * The phantom from outside our simulator (dcmri's synthetic brain; bench/qtmnet/dcmri-phantom.ts) as a
     * pre-registered outcome: one phantom, so point estimates without a subject-level interval.
     */
    phantom: z
      .strictObject({
        /** What generates it, with the version. */
        source: z.string().min(1),
        parameters: z.array(z.enum(EVALUATION_PARAMETERS)).min(1),
        /** QTMnet arms of the protocol and `2cxm-oracle` (the 2CXM with the phantom's own AIF). */
        methods: z.array(z.string()).min(1),
        hypothesis: z.string().min(1),
      })
      .optional(),
    bootstrap: z.strictObject({
      replicates: z.number().int().min(100).max(100_000),
      seed: z.number().int(),
      level: z.number().gt(0).lt(1).default(0.95),
    }),
    multiplicity: z.strictObject({
      method: z.enum(['holm', 'bonferroni', 'none']),
      /** The family the correction runs over, in words (e.g. parameters x conditions of the primary outcomes). */
      family: z.string().min(1),
      alpha: z.number().gt(0).lt(1),
    }),
    power: z.strictObject({ text: z.string().min(1), numbers: z.record(z.string(), z.number().finite()) }),
  })
  .superRefine((p, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    const all = [...p.subjects.lgg, ...p.subjects.hgg];
    all.forEach((s, i) => {
      if (all.indexOf(s) < i) issue(['subjects'], `seed ${s} is listed twice; each held-out subject once`);
      const range = p.trainingSeeds.find(([a, b]) => s >= a && s <= b);
      if (range)
        issue(
          ['subjects'],
          `seed ${s} lies in the training seeds ${range[0]}-${range[1]}; held-out seeds must be disjoint`,
        );
    });
    const injections = Object.keys(p.injections);
    [p.reference.injection, ...p.vary.injection].forEach((name, i) => {
      if (!injections.includes(name))
        issue(
          i === 0 ? ['reference', 'injection'] : ['vary', 'injection', i - 1],
          `no injection ranges "${name}"; define it under injections (${injections.join(', ') || 'none yet'})`,
        );
    });
    [p.reference.frameIntervalS, ...p.vary.frameIntervalS].forEach((dt, i) => {
      const k = dt / p.noiselessFrameIntervalS;
      if (Math.abs(k - Math.round(k)) > 1e-9)
        issue(
          i === 0 ? ['reference', 'frameIntervalS'] : ['vary', 'frameIntervalS', i - 1],
          `${dt} s is not a multiple of noiselessFrameIntervalS ${p.noiselessFrameIntervalS} s, so the frames could not be sampled exactly`,
        );
    });
    const methods = protocolMethods(p);
    methods.forEach((m, i) => {
      if (methods.indexOf(m) < i)
        issue(['methods'], `method ${m} is listed twice; name each QTMnet arm and fit once`);
    });
    if (methods.length === 0) issue(['methods'], 'no method to evaluate: add a QTMnet arm or a fit');
    const conditions = expandConditions(p.reference, p.vary).map((c) => c.name);
    const known = (path: (string | number)[], mc: { method: string; condition: string }) => {
      if (!methods.includes(mc.method))
        issue([...path, 'method'], `no method "${mc.method}"; the protocol has ${methods.join(', ')}`);
      if (!conditions.includes(mc.condition))
        issue(
          [...path, 'condition'],
          `no condition "${mc.condition}"; the protocol has ${conditions.join(', ')}`,
        );
    };
    p.primaryOutcomes.forEach((o, i) => {
      for (const method of o.methods) known(['primaryOutcomes', i], { method, condition: o.condition });
    });
    p.phantom?.methods.forEach((m, i) => {
      if (m !== PHANTOM_FIT && !p.methods.qtmnet.some((a) => a.name === m))
        issue(
          ['phantom', 'methods', i],
          `no QTMnet arm "${m}" for the phantom; name an arm of methods.qtmnet or ${PHANTOM_FIT}`,
        );
    });
    if (p.armRatio) {
      known(['armRatio', 'numerator'], p.armRatio.numerator);
      known(['armRatio', 'denominator'], p.armRatio.denominator);
    }
  });

export type EvaluationProtocol = z.infer<typeof evaluationProtocolSchema>;
export type QtmnetArm = EvaluationProtocol['methods']['qtmnet'][number];

/** Method names in report order: the QTMnet arms, then the fits (`<model>[-<aif>]`, fitMethodName). */
export function protocolMethods(p: Pick<EvaluationProtocol, 'methods'>): string[] {
  return [...p.methods.qtmnet.map((a) => a.name), ...p.methods.fit.map((f) => fitMethodName(f.model, f.aif))];
}

/** The protocol's conditions, the reference first (evaluation-conditions.ts). */
export function protocolConditions(p: EvaluationProtocol): EvaluationCondition[] {
  return expandConditions(p.reference, p.vary);
}
