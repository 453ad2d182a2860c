/**
 * Reads a `qtm train` config file (experiments/qtmnet-*.yaml) against its one schema
 * (contracts/training-config.ts) and resolves its `data` folder relative to the file.
 */
import * as path from 'node:path';
import { type TrainingRecipe, trainConfigSchema } from '../contracts/training-config';
import { parseChecked } from '../perfusion/schema-check';
import { FormatError } from './format-error';
import { readYamlFile } from './yaml-file';

export function readTrainConfig(file: string): { recipe: TrainingRecipe; dataDir: string } {
  const { data, ...recipe } = parseChecked(
    trainConfigSchema,
    readYamlFile(file),
    file,
    'INVALID_CONFIG',
    (c, m) => new FormatError(c, m),
  );
  return { recipe, dataDir: path.resolve(path.dirname(file), data) };
}
