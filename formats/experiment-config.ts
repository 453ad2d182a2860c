/**
 * Reads an experiment config file (experiments/*.yaml) and validates it against the one schema
 * (contracts/experiment-config.ts): an error names the file, the key and what it must be.
 */
import { type ExperimentConfig, experimentConfigSchema } from '../contracts/experiment-config';
import { parseChecked } from '../perfusion/schema-check';
import { FormatError } from './format-error';
import { readYamlFile } from './yaml-file';

export function parseExperimentConfig(value: unknown, source: string): ExperimentConfig {
  return parseChecked(
    experimentConfigSchema,
    value,
    source,
    'INVALID_CONFIG',
    (c, m) => new FormatError(c, m),
  );
}

export function readExperimentConfig(path: string): ExperimentConfig {
  return parseExperimentConfig(readYamlFile(path), path);
}
