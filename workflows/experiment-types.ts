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

export interface ExperimentConfig {
  name: string;
  aif: AifStepConfig;
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

export interface ExperimentResult {
  experimentId: string;
  codeVersion: string;
  aif: StepOutcome & { peakPlasmaMm: number; peakTimeS: number };
  computeBackend: { name: string; runId: string };
}
