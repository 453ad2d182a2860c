/**
 * The grading pipeline of an experiment: simulate every subject (cpu), fit the kinetic model with the
 * global AIF (cpu), train QTMnet and infer with it (gpu), then grade the cohort (cpu). Subjects run
 * concurrently; every step is a cached activity, so a re-run after a failure redoes only what is missing.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { CohortActivities } from '../activities/cohort-activities';
import type { ExperimentConfig } from '../contracts/experiment-config';
import type { CohortOutcome, StepOutcome, SubjectOutcome } from '../contracts/step-outcomes';
import { planCohort } from './cohort-plan';
import { settleAll } from './settle-all';
import { stepOptions } from './step-options';

export async function runGradingPipeline(
  experimentId: string,
  config: ExperimentConfig,
): Promise<CohortOutcome | undefined> {
  const { cohort, fit, qtmnet, grading } = config;
  if (!cohort || !fit || !grading) return undefined;
  // Every step heartbeats; training's heartbeats carry its latest checkpoint, so a retry resumes there.
  const cpu = proxyActivities<CohortActivities>(stepOptions(config.limits, 'cpu', 'long'));
  const gpu = proxyActivities<CohortActivities>(stepOptions(config.limits, 'gpu', 'long'));
  const plan = planCohort(cohort);
  const data = await settleAll(
    plan.map((spec) => cpu.simulateSubject({ experimentId, spec, simulator: cohort.simulator })),
  );
  const fits = await settleAll(data.map((d) => cpu.fitSubject({ experimentId, subject: d.output, fit })));
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
    maps: { [fit.model]: fits[i], ...(qtmnet ? { qtmnet: inferred[i] } : {}) },
  }));
  const graded = await cpu.gradeCohort({
    experimentId,
    subjects: subjects.map((s, i) => ({
      ...plan[i],
      data: s.data.output,
      maps: Object.fromEntries(Object.entries(s.maps).map(([m, o]) => [m, o.output])),
    })),
    grading,
    title: `${config.name}: ${Object.keys(subjects[0]?.maps ?? {}).join(' vs ')} on ${cohort.lgg} LGG + ${cohort.hgg} HGG simulated subjects`,
  });
  return { subjects, model, grading: graded };
}
