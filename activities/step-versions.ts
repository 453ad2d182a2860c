/**
 * The code version of every cached step, part of its step-cache key. Bump a step's number whenever a change to
 * its code or to the science under it changes what it produces (the simulator's physics, a fitter, the
 * network), so the cache never serves output of older code. `satisfies` makes a step without a version a
 * compile error instead of a silent version 1.
 */
import type { ModelName } from '../perfusion/models/kinetic-model';

export type StepKind =
  | 'parker-aif'
  | 'georgiou-aif'
  | 'simulate-subject'
  | `fit-${ModelName}`
  | 'training-input'
  | 'train-qtmnet'
  | 'infer-qtmnet'
  | 'subject-features'
  | 'cohort-batch'
  | 'grade-cohort';

export const STEP_VERSIONS = {
  'parker-aif': 1,
  'georgiou-aif': 1,
  'simulate-subject': 4,
  'fit-2cxm': 1,
  'fit-etm': 1,
  'fit-tofts': 1,
  'fit-patlak': 1,
  'fit-2cum': 1,
  'training-input': 1,
  // 4: trains on the training-input step's dataset instead of simulating its own
  'train-qtmnet': 4,
  'infer-qtmnet': 1,
  'subject-features': 1,
  'cohort-batch': 1,
  // 4: grades the subjects' feature rows listed in the batch tables
  'grade-cohort': 4,
} as const satisfies Record<StepKind, number>;
