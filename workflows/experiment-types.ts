/** The experiment config and result shapes shared by the CLI, the workflow and its activities (types only). */

export interface AifStepConfig {
  /** population AIF model */
  model: 'parker' | 'georgiou';
  /** haematocrit, fraction (plasma = blood / (1 - hct)) */
  hct: number;
  /** bolus arrival, s */
  onsetS: number;
  /** sample interval, s */
  frameIntervalS: number;
  /** acquisition length, s */
  durationS: number;
}

/** A simulated cohort: LGG subjects first, then HGG; subject k has seed `seed + k`. */
export interface CohortStepConfig {
  lgg: number;
  hgg: number;
  seed: number;
  /** simulator settings over its defaults (formats/simulation-config.ts) */
  simulator: Record<string, unknown>;
}

export interface FitStepConfig {
  model: '2cxm' | 'etm' | 'tofts' | 'patlak' | '2cum';
  fitDelay: boolean;
}

export interface QtmnetStepConfig {
  /** the `qtm train` config without `data` (the activity simulates the training set itself) */
  train: Record<string, unknown>;
  infer: { mcSamples: number; batchSize: number; seed: number };
  /** a gpu worker silent this long is presumed dead and its step retried elsewhere (from its last checkpoint), s */
  heartbeatTimeoutS: number;
}

export interface GradingStepConfig {
  /** tumour-mask labels of the ROI (1 enhancing, 2 necrosis, 3 oedema) */
  roiLabels: number[];
  /**
   * the pre-specified primary feature of each method, `<map>_<statistic>` (e.g. `ktrans_per_min_mean`),
   * declared before the run; the report leads with these (docs/grading.md)
   */
  primary: Record<string, string>;
  /** bootstrap replicates of the AUC intervals, the ROC bands and the nested-CV intervals */
  bootstrap: number;
  folds: number;
  repeats: number;
  /** label permutations of the test between methods, each rerunning the whole nested CV */
  permutations: number;
  seed: number;
}

export interface ExperimentConfig {
  name: string;
  aif: AifStepConfig;
  /** the grading pipeline (simulate, fit, train, infer, grade) runs when a cohort is given */
  cohort?: CohortStepConfig;
  fit?: FitStepConfig;
  qtmnet?: QtmnetStepConfig;
  grading?: GradingStepConfig;
}

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

export interface GradingOutcome extends StepOutcome {
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
