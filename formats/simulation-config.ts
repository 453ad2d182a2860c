/**
 * The simulator's YAML configuration: any subset of the settings of perfusion/simulate/simulation-config.ts
 * (its one zod schema: unknown keys are typos and rejected), merged over the documented defaults
 * (docs/simulator.md), then checked by the simulator's own physics checks. Errors name the file and the setting.
 */
import { PerfusionInputError } from '../perfusion/errors';
import { parseChecked } from '../perfusion/schema-check';
import {
  type SimulationConfig,
  simulationSettingsSchema,
  withSimulationDefaults,
} from '../perfusion/simulate/simulation-config';
import { validateSimulationConfig } from '../perfusion/simulate/simulation-config-checks';
import { FormatError } from './format-error';
import { readYamlFile } from './yaml-file';

/** Validates settings (e.g. parsed YAML; none means the defaults) merged over the defaults. */
export function resolveSimulationConfig(settings: unknown, source = 'simulation config'): SimulationConfig {
  if (
    settings !== undefined &&
    settings !== null &&
    (typeof settings !== 'object' || Array.isArray(settings))
  )
    throw new FormatError('INVALID_CONFIG', `${source}: expected a mapping of settings at the top level`);
  const parsed = parseChecked(
    simulationSettingsSchema,
    settings ?? {},
    source,
    'INVALID_CONFIG',
    (c, m) => new FormatError(c, m),
  );
  const config = withSimulationDefaults(parsed);
  try {
    validateSimulationConfig(config);
  } catch (err) {
    if (err instanceof PerfusionInputError)
      throw new FormatError('INVALID_CONFIG', `${source}: ${err.message}`, { cause: err });
    throw err;
  }
  return config;
}

/** Reads a YAML file of simulator settings; no file means the defaults. */
export function readSimulationConfig(path?: string): SimulationConfig {
  return path ? resolveSimulationConfig(readYamlFile(path), path) : resolveSimulationConfig({});
}
