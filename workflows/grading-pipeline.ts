/**
 * The grading pipeline of an experiment: simulate every subject (cpu), fit each listed kinetic model with
 * each listed AIF (cpu), train QTMnet and infer with it (gpu), then grade the cohort (cpu). Subjects run
 * concurrently; every step is a cached activity, so a re-run after a failure redoes only what is missing.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { CohortActivities } from '../activities/cohort-activities';
import type { ExperimentConfig } from '../contracts/experiment-config';
import type { CohortOutcome, StepOutcome, SubjectOutcome } from '../contracts/step-outcomes';
import { planCohort } from './cohort-plan';
import { TASK_QUEUES } from './task-queues';

const retry = {
  initialInterval: '2s',
  backoffCoefficient: 2,
  maximumInterval: '2m',
  maximumAttempts: 5,
} as const;

const cpu = proxyActivities<CohortActivities>({
  taskQueue: TASK_QUEUES.cpu,
  // A subject simulates or fits in seconds to minutes; fitting heartbeats its progress.
  startToCloseTimeout: '1h',
  heartbeatTimeout: '10m',
  retry,
});

// Training heartbeats at every checkpoint and progress line; a worker that dies is noticed within the
// heartbeat timeout (qtmnet.heartbeatTimeoutS) and the retry resumes from the last reported checkpoint.
const gpuActivities = (heartbeatTimeoutS: number) =>
  proxyActivities<CohortActivities>({
    taskQueue: TASK_QUEUES.gpu,
    scheduleToStartTimeout: '24h',
    startToCloseTimeout: '24h',
    heartbeatTimeout: `${heartbeatTimeoutS}s`,
    retry,
  });

export async function runGradingPipeline(
  experimentId: string,
  config: ExperimentConfig,
): Promise<CohortOutcome | undefined> {
  const { cohort, fit, qtmnet, grading } = config;
  if (!cohort || !fit || !grading) return undefined;
  const plan = planCohort(cohort);
  const data = await Promise.all(
    plan.map((spec) => cpu.simulateSubject({ experimentId, spec, simulator: cohort.simulator })),
  );
  // Histories recorded before fit lists carry one fit object; [fit].flat() reads both as a list.
  const fitList = [fit].flat();
  const fits = await Promise.all(
    data.map((d) =>
      Promise.all(fitList.map((f) => cpu.fitSubject({ experimentId, subject: d.output, fit: f }))),
    ),
  );
  let model: CohortOutcome['model'];
  let inferred: StepOutcome[] = [];
  if (qtmnet) {
    const gpu = gpuActivities(qtmnet.heartbeatTimeoutS);
    model = await gpu.trainQtmnet({ experimentId, qtmnet });
    const modelRef = model.output;
    inferred = await Promise.all(
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
    title: `${config.name}: ${Object.keys(subjects[0]?.maps ?? {}).join(' vs ')} on ${cohort.lgg} LGG + ${cohort.hgg} HGG simulated subjects`,
  });
  return { subjects, model, grading: graded };
}
