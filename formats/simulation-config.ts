/**
 * The simulator's YAML configuration: any subset of the settings of perfusion/simulate/simulation-config.ts,
 * deep-merged over the documented defaults (docs/simulator.md), then checked by a strict zod schema (unknown
 * keys are typos and rejected) and by the simulator's own physics checks. Errors name the file and the setting.
 */
import { z } from 'zod';
import { PerfusionInputError } from '../perfusion/errors';
import { DEFAULT_SIMULATION_CONFIG, type SimulationConfig } from '../perfusion/simulate/simulation-config';
import { validateSimulationConfig } from '../perfusion/simulate/simulation-config-checks';
import { FormatError } from './format-error';
import { readYamlFile } from './yaml-file';

const num = z.number().finite();
const pair = z.tuple([num, num]);
const triple = z.tuple([num, num, num]);
const ranges = z.strictObject({
  fpMlPer100MlMin: pair,
  psPerMin: pair,
  vp: pair,
  ve: pair,
  t10S: pair,
  permeability: num,
});
const tumourClass = z.strictObject({
  radiusMm: pair,
  irregularity: num,
  necrosisFraction: pair,
  oedemaMarginMm: pair,
  heterogeneity: num,
  tumour: ranges,
  oedema: ranges,
});

export const simulationConfigSchema = z.strictObject({
  imaging: z.strictObject({ matrix: triple, voxelMm: triple }),
  simulationVoxelMm: num,
  protocol: z.strictObject({
    frameCount: num,
    frameIntervalS: num,
    trS: num,
    flipDeg: num,
    r1PerMmS: num,
    hct: num,
    fieldT: num,
    doseMmolPerKg: num,
    bolusArrivalS: num,
  }),
  injection: z.strictObject({
    mode: z.enum(['varied', 'fixed']),
    doseMmolPerKg: pair,
    durationS: pair,
    cardiacOutputLPerMin: pair,
    hct: pair,
    recirculation: pair,
    washoutRate: pair,
    referenceCardiacOutputLPerMin: num,
    referenceDurationS: num,
    appearanceS: num,
  }),
  t1Mapping: z.strictObject({ flipDeg: z.array(num), flipAngleScale: pair }),
  sinus: z.strictObject({ radiusMm: num }),
  noise: z.strictObject({ snr: num }),
  vessels: z.strictObject({
    terminals: num,
    profile: z.enum(['plug', 'parabolic']),
    viscosityPaS: num,
    murrayExponent: num,
    arterialPressureDropPa: num,
    venousPressureDropPa: num,
    candidates: num,
  }),
  bed: z.strictObject({ pressureDropPa: num, terminalSpreadMm: num }),
  transport: z.strictObject({ timeStepS: num, theta: num }),
  normal: z.strictObject({ gmFraction: num, gm: ranges, wm: ranges }),
  lgg: tumourClass,
  hgg: tumourClass,
});

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge of plain objects; arrays and scalars of `over` replace those of `base`. */
function merge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? merge(base[k], v) : v;
  return out;
}

/** Validates a partial configuration object (e.g. parsed YAML) merged over the defaults. */
export function resolveSimulationConfig(partial: unknown, source = 'simulation config'): SimulationConfig {
  if (partial !== undefined && partial !== null && !isPlainObject(partial)) {
    throw new FormatError('INVALID_CONFIG', `${source}: expected a mapping of settings at the top level`);
  }
  const parsed = simulationConfigSchema.safeParse(
    merge(structuredClone(DEFAULT_SIMULATION_CONFIG), partial ?? {}),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '');
    throw new FormatError('INVALID_CONFIG', `${source}: ${where || '(root)'}: ${issue.message}`);
  }
  const config = parsed.data as SimulationConfig;
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
