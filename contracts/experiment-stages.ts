/**
 * The stages an observer of an experiment shows (progress bars, `qtm experiment show`, the viewer): which run
 * kinds and which workflow activities belong to each, and how many steps each stage has for a config. One
 * definition, so the terminal and the browser count the same way.
 */
import { type ExperimentConfig, experimentConfigSchema } from './experiment-config';

export const STAGES = ['simulate', 'fit', 'train', 'infer', 'features', 'grade'] as const;
export type Stage = (typeof STAGES)[number];
/** Bookkeeping steps (experiment row, AIF dataset, backend probe, batch tables) belong to no stage. */
export type StageOrSetup = Stage | 'setup';

/** Run kinds (STEP_VERSIONS keys and the probe) to stages: fit-<model>, simulate-subject, ... */
export function stageOfRunKind(kind: string): StageOrSetup {
  if (kind === 'simulate-subject') return 'simulate';
  if (kind.startsWith('fit-')) return 'fit';
  if (kind === 'train-qtmnet' || kind === 'training-input') return 'train';
  if (kind === 'infer-qtmnet') return 'infer';
  if (kind === 'subject-features') return 'features';
  if (kind === 'grade-cohort') return 'grade';
  return 'setup';
}

const ACTIVITY_STAGES: Readonly<Record<string, Stage>> = {
  simulateSubject: 'simulate',
  fitSubject: 'fit',
  trainingInput: 'train',
  trainQtmnet: 'train',
  inferSubject: 'infer',
  subjectFeatures: 'features',
  gradeCohort: 'grade',
};

/** Temporal activity type names (the workflow's activity functions) to stages. */
export function stageOfActivity(activityType: string): StageOrSetup {
  return ACTIVITY_STAGES[activityType] ?? 'setup';
}

/**
 * Steps per stage that a config plans (subjects for simulate, infer and features, subjects x fits for fit; the
 * training input and the training; one grading);
 * stages it does not run are absent. A stored config that no longer parses (an older schema) plans nothing,
 * and observers fall back to counting what they see.
 */
export function plannedStageTotals(config: unknown): Partial<Record<Stage, number>> {
  const parsed = experimentConfigSchema.safeParse(config);
  if (!parsed.success) return {};
  const c: ExperimentConfig = parsed.data;
  if (!c.cohort) return {};
  const subjects = c.cohort.lgg + c.cohort.hgg;
  return {
    simulate: subjects,
    fit: subjects * (c.fit?.length ?? 0),
    ...(c.qtmnet ? { train: 2, infer: subjects } : {}),
    features: subjects,
    grade: 1,
  };
}
