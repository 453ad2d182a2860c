/**
 * The grading pipeline of an experiment: simulate every subject, or take them from a cohort uploaded by
 * `qtm import` (cpu), fit each listed kinetic model with each listed AIF (cpu), train QTMnet and infer with
 * it (gpu), then grade the cohort (cpu). Subjects run concurrently; every step is a cached activity, so a re-run after
 * a failure redoes only what is missing.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { CohortActivities, SubjectSpec } from '../activities/cohort-activities';
import type { ExperimentConfig } from '../contracts/experiment-config';
import type { CohortOutcome, StepOutcome, SubjectOutcome } from '../contracts/step-outcomes';
import { planCohort } from './cohort-plan';
import { settleAll } from './settle-all';
import { stepOptions } from './step-options';

export async function runGradingPipeline(
  experimentId: string,
  config: ExperimentConfig,
): Promise<CohortOutcome | undefined> {
  const { cohort, importedCohort, fit, qtmnet, grading } = config;
  if (!fit || !grading) return undefined;
  // Every step heartbeats; training's heartbeats carry its latest checkpoint, so a retry resumes there.
  const cpu = proxyActivities<CohortActivities>(stepOptions(config.limits, 'cpu', 'long'));
  const gpu = proxyActivities<CohortActivities>(stepOptions(config.limits, 'gpu', 'long'));
  let plan: SubjectSpec[];
  let data: StepOutcome[];
  let source: string;
  if (cohort) {
    const simulated = planCohort(cohort);
    plan = simulated;
    data = await settleAll(
      simulated.map((spec) => cpu.simulateSubject({ experimentId, spec, simulator: cohort.simulator })),
    );
    source = 'simulated';
  } else if (importedCohort) {
    const { dataset } = importedCohort;
    const loaded = await cpu.loadImportedCohort({ experimentId, dataset, folds: grading.folds });
    plan = loaded.subjects.map(({ subject, grade }) => ({ subject, grade }));
    data = loaded.subjects.map((s) => s.data);
    source = `imported (${dataset})`;
  } else return undefined;
  // Histories recorded before fit lists carry one fit object; [fit].flat() reads both as a list.
  const fitList = [fit].flat();
  const fits = await settleAll(
    data.map((d) =>
      settleAll(fitList.map((f) => cpu.fitSubject({ experimentId, subject: d.output, fit: f }))),
    ),
  );
  let model: CohortOutcome['model'];
  let inferred: StepOutcome[] = [];
  if (qtmnet) {
    model = await gpu.trainQtmnet({ experimentId, qtmnet });
    const modelRef = model.output;
    inferred = await settleAll(
      data.map((d) => gpu.inferSubject({ experimentId, model: modelRef, subject: d.output, qtmnet })),
    );
  }
  const subjects: SubjectOutcome[] = plan.map((p, i) => ({
    subject: p.subject,
    grade: p.grade,
    data: data[i],
    maps: {
      ...Object.fromEntries(fits[i].map(({ method, ...outcome }) => [method, outcome])),
      ...(qtmnet ? { qtmnet: inferred[i] } : {}),
    },
  }));
  const graded = await cpu.gradeCohort({
    experimentId,
    subjects: subjects.map((s, i) => ({
      ...plan[i],
      data: s.data.output,
      maps: Object.fromEntries(Object.entries(s.maps).map(([m, o]) => [m, o.output])),
    })),
    grading,
    title: `${config.name}: ${Object.keys(subjects[0]?.maps ?? {}).join(' vs ')} on ${plan.filter((p) => p.grade === 'lgg').length} LGG + ${plan.filter((p) => p.grade === 'hgg').length} HGG ${source} subjects`,
  });
  return { subjects, model, grading: graded };
}
