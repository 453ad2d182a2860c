/** The knobs of a training run, validated where they enter perfusion/ (the CLI validates its YAML with zod first). */
import { PerfusionInputError } from '../errors';
import type { NetworkConfig } from './network';

export interface TrainingSettings {
  network: NetworkConfig;
  epochs: number;
  /** Initial batch size (patches); halved on out-of-memory errors. */
  batchSize: number;
  /** Adam step size (dimensionless). */
  learningRate: number;
  seed: number;
  /** Fraction of simulated subjects held out for the validation loss. */
  validationFraction: number;
  checkpointEverySteps: number;
}

export function checkTrainingSettings(s: TrainingSettings): void {
  const positiveInt = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1)
      throw new PerfusionInputError(
        'INVALID_CONFIG',
        `training ${name} must be a positive integer, got ${v}`,
      );
  };
  positiveInt('epochs', s.epochs);
  positiveInt('batchSize', s.batchSize);
  positiveInt('checkpointEverySteps', s.checkpointEverySteps);
  if (!Number.isInteger(s.seed))
    throw new PerfusionInputError('INVALID_CONFIG', `training seed must be an integer, got ${s.seed}`);
  if (!(s.learningRate > 0))
    throw new PerfusionInputError(
      'INVALID_CONFIG',
      `training learningRate must be > 0, got ${s.learningRate}`,
    );
  if (!(s.network.dropout >= 0 && s.network.dropout < 1)) {
    throw new PerfusionInputError(
      'INVALID_CONFIG',
      `network dropout must be in [0, 1), got ${s.network.dropout}`,
    );
  }
}
