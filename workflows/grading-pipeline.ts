/**
 * The grading pipeline of an experiment, run as batch workflows of `limits.subjectsPerBatch` subjects
 * (batch-fan-out.ts, cohort-batch-workflow.ts). First every subject is simulated, or taken from a cohort
 * uploaded by `qtm import`, and fitted with each listed kinetic model and AIF (cpu). With QTMnet, its
 * training set is simulated (cpu, a cached step of its own), the network trained (gpu), and a second pass
 * of batches infers its maps. The last pass computes each subject's feature row and each batch's table;
 * grading (cpu) reads the rows through the tables. Every step is a cached activity, so a re-run after a
 * failure redoes only what is missing.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { CohortActivities } from '../activities/cohort-activities';
import type { GradingActivities } from '../activities/grading-activities';
import type { TrainingActivities } from '../activities/training-activities';
import type { ExperimentConfig } from '../contracts/experiment-config';
import type { BatchOutcome, CohortOutcome, StepOutcome, SubjectSteps } from '../contracts/step-outcomes';
import { cutIntoBatches, runBatches } from './batch-fan-out';
import { planCohort } from './cohort-plan';
import { LIMITS_OF_EARLIER_CONFIGS, stepOptions } from './step-options';

export async function runGradingPipeline(
  experimentId: string,
  config: ExperimentConfig,
): Promise<CohortOutcome | undefined> {
  const { cohort, importedCohort, fit, qtmnet, grading } = config;
  if (!fit || !grading) return undefined;
  const limits = { ...LIMITS_OF_EARLIER_CONFIGS, ...config.limits };
  type Steps = CohortActivities & TrainingActivities & GradingActivities;
  // Every step heartbeats; training's heartbeats carry its latest checkpoint.
  const cpu = proxyActivities<Steps>(stepOptions(limits, 'cpu', 'long'));
  const gpu = proxyActivities<Steps>(stepOptions(limits, 'gpu', 'long'));
  let subjects: SubjectSteps[];
  let source: string;
  if (cohort) {
    subjects = planCohort(cohort).map((p) => ({ ...p, maps: {} }));
    source = 'simulated';
  } else if (importedCohort) {
    const { dataset } = importedCohort;
    const loaded = await cpu.loadImportedCohort({ experimentId, dataset, folds: grading.folds });
    subjects = loaded.subjects.map(({ subject, grade, data }) => ({ subject, grade, data, maps: {} }));
    source = `imported (${dataset})`;
  } else return undefined;
  // The parsed config's grading.primary names every graded method, in the report's order: the fits as
  // listed (fitMethodName), then QTMnet.
  const methods = Object.keys(grading.primary);
  const features = { roiLabels: grading.roiLabels };
  const common = { experimentId, limits, simulator: cohort?.simulator, fits: fit };
  let passes: BatchOutcome[] = await runBatches(
    'fit',
    cutIntoBatches(subjects, limits.subjectsPerBatch),
    limits,
    (batch, part) => ({ ...common, batch, subjects: part, features: qtmnet ? undefined : features }),
  );
  let trainingInput: StepOutcome | undefined;
  let model: CohortOutcome['model'];
  if (qtmnet) {
    // The config schema requires a simulated training set of an experiment's QTMnet.
    const simulate = qtmnet.train.simulate as NonNullable<typeof qtmnet.train.simulate>;
    trainingInput = await cpu.trainingInput({ experimentId, simulate });
    model = await gpu.trainQtmnet({ experimentId, qtmnet, data: trainingInput.output });
    const trained = { config: qtmnet, model: model.output };
    passes = await runBatches(
      'infer',
      passes.map((p) => p.subjects),
      limits,
      (batch, part) => ({ ...common, batch, subjects: part, qtmnet: trained, features }),
    );
  }
  const batches = passes.map((p) => p.table as StepOutcome);
  const done = passes.flatMap((p) => p.subjects);
  const count = (grade: string) => done.filter((s) => s.grade === grade).length;
  const steps = done.flatMap((s) => [s.data, ...Object.values(s.maps), s.features]) as StepOutcome[];
  const graded = await cpu.gradeCohort({
    experimentId,
    batches: batches.map((b) => b.output),
    grading,
    methods,
    title: `${config.name}: ${methods.join(' vs ')} on ${count('lgg')} LGG + ${count('hgg')} HGG ${source} subjects`,
  });
  return {
    subjects: { lgg: count('lgg'), hgg: count('hgg') },
    batches,
    steps: { total: steps.length, cached: steps.filter((o) => o.cached).length },
    trainingInput,
    model,
    grading: graded,
  };
}
