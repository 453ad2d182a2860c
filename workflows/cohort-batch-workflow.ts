/**
 * One batch of an experiment's cohort, as a child workflow of ExperimentWorkflow (grading-pipeline.ts): the
 * steps its subjects still miss, stage by stage (simulate, fit, infer, features: a stage's steps run side by
 * side), then the batch table that lists what each step made (contracts/cohort-batch.ts). Batches keep every
 * history small whatever the cohort's size: each step adds about 6 events, so a pass of 100 subjects with
 * two steps each writes about 1,250 (more with several fits), and the experiment's own history a handful per
 * batch (Temporal warns at 10,240 events and stops a workflow at 51,200).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { CohortActivities } from '../activities/cohort-activities';
import type { GradingActivities } from '../activities/grading-activities';
import type {
  CohortStepConfig,
  FitStepConfig,
  QtmnetStepConfig,
  StepLimits,
} from '../contracts/experiment-config';
import type { BatchOutcome, ObjectRefDto, StepOutcome, SubjectSteps } from '../contracts/step-outcomes';
import { settleAll } from './settle-all';
import { stepOptions } from './step-options';

export interface CohortBatchInput {
  experimentId: string;
  /** the batch's index in the cohort, from 0 */
  batch: number;
  limits: StepLimits;
  /** what each subject has so far; missing data is simulated (with its seed), missing maps are computed */
  subjects: SubjectSteps[];
  /** simulator settings of a simulated cohort */
  simulator?: CohortStepConfig['simulator'];
  /** the kinetic fits (a model with an AIF each), in the config's order */
  fits: FitStepConfig[];
  /** QTMnet maps, when given its trained model */
  qtmnet?: { config: QtmnetStepConfig; model: ObjectRefDto };
  /** when given, each subject's feature row and then the batch table */
  features?: { roiLabels: number[] };
}

export async function cohortBatchWorkflow(input: CohortBatchInput): Promise<BatchOutcome> {
  const { experimentId, fits, qtmnet, features } = input;
  type Steps = CohortActivities & GradingActivities;
  const cpu = proxyActivities<Steps>(stepOptions(input.limits, 'cpu', 'long'));
  const gpu = proxyActivities<Steps>(stepOptions(input.limits, 'gpu', 'long'));
  const bookkeeping = proxyActivities<Steps>(stepOptions(input.limits, 'cpu', 'short'));
  let subjects = input.subjects;
  /** Runs a stage for the subjects that lack its output, side by side; `put` files the output. */
  const stage = async <T>(
    has: (s: SubjectSteps) => boolean,
    run: (s: SubjectSteps) => Promise<T>,
    put: (s: SubjectSteps, o: T) => SubjectSteps,
  ) => {
    const done = await settleAll(subjects.map((s) => (has(s) ? Promise.resolve(undefined) : run(s))));
    subjects = subjects.map((s, i) => {
      const o = done[i];
      return o === undefined ? s : put(s, o);
    });
  };
  const data = (s: SubjectSteps) => (s.data as StepOutcome).output;
  await stage(
    (s) => s.data !== undefined,
    (s) =>
      cpu.simulateSubject({
        experimentId,
        spec: { subject: s.subject, grade: s.grade, seed: s.seed as number },
        simulator: input.simulator ?? {},
      }),
    (s, o) => ({ ...s, data: o }),
  );
  // Fits come first of the maps: a subject with maps has every fit's (a later pass's input).
  await stage(
    (s) => Object.keys(s.maps).length > 0,
    (s) => settleAll(fits.map((fit) => cpu.fitSubject({ experimentId, subject: data(s), fit }))),
    (s, fitted) => ({
      ...s,
      maps: { ...s.maps, ...Object.fromEntries(fitted.map(({ method, ...o }) => [method, o])) },
    }),
  );
  if (qtmnet)
    await stage(
      (s) => 'qtmnet' in s.maps,
      (s) => gpu.inferSubject({ experimentId, model: qtmnet.model, subject: data(s), qtmnet: qtmnet.config }),
      (s, o) => ({ ...s, maps: { ...s.maps, qtmnet: o } }),
    );
  if (!features) return { batch: input.batch, subjects };
  await stage(
    (s) => s.features !== undefined,
    (s) =>
      cpu.subjectFeatures({
        experimentId,
        subject: s.subject,
        grade: s.grade,
        data: data(s),
        maps: Object.fromEntries(Object.entries(s.maps).map(([m, o]) => [m, o.output])),
        roiLabels: features.roiLabels,
      }),
    (s, o) => ({ ...s, features: o }),
  );
  const table = await bookkeeping.storeBatchTable({
    experimentId,
    subjects: subjects.map((s) => ({
      subject: s.subject,
      grade: s.grade,
      data: data(s).sha256,
      maps: Object.fromEntries(Object.entries(s.maps).map(([m, o]) => [m, o.output.sha256])),
      features: (s.features as StepOutcome).output.sha256,
    })),
  });
  return { batch: input.batch, subjects, table };
}
