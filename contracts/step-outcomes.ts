/**
 * What the experiment workflow and its activities pass to each other and return to the CLI: claim checks
 * (references to objects in the content-addressed store) and small summaries. Nothing large crosses Temporal.
 */

/** Claim check: the reference to an object in the content-addressed store. */
export interface ObjectRefDto {
  uri: string;
  sha256: string;
  bytes: number;
}

export interface StepOutcome {
  runId: string;
  /** true when the step cache already held this step's output and nothing was recomputed */
  cached: boolean;
  output: ObjectRefDto;
}

export interface SubjectOutcome {
  subject: string;
  grade: 'lgg' | 'hgg';
  data: StepOutcome;
  maps: Record<string, StepOutcome>;
}

export interface FeatureAuc {
  feature: string;
  auc: number;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface GradingOutcome extends StepOutcome {
  /** every feature's AUC with its DeLong 95% CI, best first */
  aucs: FeatureAuc[];
  /** DeLong test of the best QTMnet feature against the best 2CXM feature, when both exist */
  comparison?: { a: string; b: string; z: number; p: number };
}

export interface CohortOutcome {
  subjects: SubjectOutcome[];
  model?: StepOutcome & { backend: string; validationLoss: number };
  grading: GradingOutcome;
}

export interface ExperimentResult {
  experimentId: string;
  codeVersion: string;
  aif: StepOutcome & { peakPlasmaMm: number; peakTimeS: number };
  computeBackend: { name: string; runId: string };
  cohort?: CohortOutcome;
}
