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
  bootstrap: number;
  folds: number;
  repeats: number;
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
