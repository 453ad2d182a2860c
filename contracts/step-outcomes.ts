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

/** A subject's steps so far, as a batch workflow passes them on: its data, each method's maps, its feature row. */
export interface SubjectSteps {
  subject: string;
  grade: 'lgg' | 'hgg';
  /** simulated subjects: the simulator's seed */
  seed?: number;
  data?: StepOutcome;
  /** method (the fitted model, qtmnet) -> its maps */
  maps: Record<string, StepOutcome>;
  features?: StepOutcome;
}

/** What a batch workflow returns: its subjects' steps and, once they have feature rows, its batch table. */
export interface BatchOutcome {
  batch: number;
  subjects: SubjectSteps[];
  /** contracts/cohort-batch.ts */
  table?: StepOutcome;
}

export interface FeatureAuc {
  feature: string;
  auc: number;
  ciLow: number | null;
  ciHigh: number | null;
}

/** A difference between two AUCs (a - b) with its 95% CI (null when undefined) and p-value. */
export interface AucComparison {
  a: string;
  b: string;
  difference: number;
  ciLow: number | null;
  ciHigh: number | null;
  p: number;
}

export interface NestedCvOutcome {
  method: string;
  /** features the best one was chosen from, inside each training part */
  candidates: number;
  /** nested-CV AUC with its bootstrap 95% CI (null when the cohort is too small to resample) */
  auc: number;
  ciLow: number | null;
  ciHigh: number | null;
  /** permutation p-value of the nested-CV AUC against chance */
  chanceP: number;
  /** the best of the candidates' apparent AUCs on all subjects: optimistic, shown only beside `auc` */
  naiveBest: { feature: string; auc: number };
}

/** What a grading computed (summary.json of its report); the step adds its run and output. */
export interface GradingSummary {
  /** every graded feature's AUC with its DeLong 95% CI, in the report's order */
  aucs: FeatureAuc[];
  /** the pre-specified primary feature of each method (grading.primary), AUC with DeLong 95% CI */
  primary: Array<FeatureAuc & { method: string }>;
  /** paired DeLong tests between the primary features (a, b: feature names) */
  primaryTests: AucComparison[];
  /** per method: the selection-aware estimate of its best-of-N feature */
  nestedCv: NestedCvOutcome[];
  /** nested-CV AUC differences between methods (a, b: method names): bootstrap CI, label-permutation p */
  permutationTests: AucComparison[];
  permutations: number;
}

export type GradingOutcome = StepOutcome & GradingSummary;

export interface CohortOutcome {
  subjects: { lgg: number; hgg: number };
  /** one table per batch (contracts/cohort-batch.ts): every subject's data, maps and feature row */
  batches: StepOutcome[];
  /** the steps the batches ran, and how many of them the step cache served */
  steps: { total: number; cached: number };
  /** the simulated training set of QTMnet (a cached step of its own) */
  trainingInput?: StepOutcome;
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
