/**
 * The knobs of a training run, one zod schema for every layer: the `training` section of a `qtm train` config
 * (contracts/training-config.ts) and of an experiment's qtmnet step, checked again where they enter perfusion/.
 */
import { z } from 'zod';
import { parseChecked } from '../schema-check';
import { type NetworkConfig, networkConfigSchema } from './network';

const positiveInt = z.number().int().positive();

export const trainingScheduleSchema = z.strictObject({
  epochs: positiveInt,
  /** Initial batch size (patches); halved on out-of-memory errors. */
  batchSize: positiveInt,
  /** Adam step size (dimensionless). */
  learningRate: z.number().positive(),
  seed: z.number().int(),
  /** Fraction of simulated subjects held out for the validation loss. */
  validationFraction: z.number().gt(0).lt(1),
  checkpointEverySteps: positiveInt,
});
export type TrainingSchedule = z.infer<typeof trainingScheduleSchema>;

export type TrainingSettings = TrainingSchedule & { network: NetworkConfig };

const trainingSettingsSchema = trainingScheduleSchema.extend({ network: networkConfigSchema });

/** Throws INVALID_CONFIG naming the first bad setting. */
export function checkTrainingSettings(s: TrainingSettings): void {
  parseChecked(trainingSettingsSchema, s, 'training settings');
}
