/**
 * The `qtm train` config (experiments/qtmnet-*.yaml) and an experiment's `qtmnet.train` section: where the
 * training patches come from (a shard folder, simulated there first when `simulate` is given), the backend,
 * the network and the schedule. One zod schema; the types are inferred from it.
 */
import { z } from 'zod';
import { INPUT_SCALES } from '../perfusion/qtmnet/input-scale';
import { networkConfigSchema } from '../perfusion/qtmnet/network';
import { trainingScheduleSchema } from '../perfusion/qtmnet/training-settings';
import { checkedSimulationSettingsSchema } from '../perfusion/simulate/simulation-config-checks';

const positiveInt = z.number().int().positive();
const triple = z.tuple([positiveInt, positiveInt, positiveInt]);

/** How a training set is simulated: subjects `seed`, `seed + 1`, ... cut into patches and samples. */
export const simulatedDatasetSchema = z.strictObject({
  /** Simulator settings merged over its defaults (docs/simulator.md), checked in full, physics included. */
  config: checkedSimulationSettingsSchema.optional(),
  /** Seed of the first subject (subject k: seed + k). */
  seed: z.number().int(),
  subjects: z.number().int().min(2),
  /** Patch cut from each subject, imaging voxels. */
  patchSize: triple,
  patchesPerSubject: positiveInt,
  /** Share of patches centred on tumour voxels. */
  tumourFraction: z.number().min(0).max(1),
  /** Neighbourhood side of the samples (odd). */
  side: positiveInt.refine((n) => n % 2 === 1, 'must be odd').default(3),
  /**
   * true: each patch is one sample (a block of patchSize voxels; `side` unused), for the 3D U-Net on whole
   * subjects (patchSize = imaging.matrix, one patch per subject); no default, so older settings compare equal.
   */
  wholePatch: z.literal(true).optional(),
  samplesPerShard: positiveInt.default(4096),
  /**
   * Subject-level input scale (perfusion/qtmnet/input-scale.ts): `venous-output-area` divides each subject's
   * concentrations by its venous output's area; absent: none (no default, so older settings compare equal).
   */
  inputScale: z.enum(INPUT_SCALES).optional(),
});
export type SimulatedDatasetSettings = z.infer<typeof simulatedDatasetSchema>;

export const TRAINING_BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;

/** An experiment's `qtmnet.train`: everything of a `qtm train` config but `data` (the step keeps its own). */
export const trainingRecipeSchema = z.strictObject({
  backend: z.enum(TRAINING_BACKENDS).default('auto'),
  network: networkConfigSchema,
  /** When present and the data folder has no manifest yet, the dataset is simulated there first. */
  simulate: simulatedDatasetSchema.optional(),
  training: trainingScheduleSchema,
});
export type TrainingRecipe = z.infer<typeof trainingRecipeSchema>;

/** A `qtm train` config file: the recipe and the patch-shard folder, relative to the config file. */
export const trainConfigSchema = trainingRecipeSchema.extend({ data: z.string().min(1) });
export type TrainConfig = z.infer<typeof trainConfigSchema>;
