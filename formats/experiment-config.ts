/**
 * Experiment configs (experiments/*.yaml), validated at the boundary with zod: an error names the file, the
 * key and what it must be.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { ExperimentConfig } from '../workflows/experiment-types';
import { FormatError } from './format-error';

const aifSchema = z
  .object({
    model: z.enum(['parker', 'georgiou']).default('parker'),
    hct: z.number().min(0).lt(1).default(0.42),
    onsetS: z.number().min(0).max(600).default(10),
    frameIntervalS: z.number().positive().max(60).default(1),
    durationS: z.number().positive().max(3600).default(300),
  })
  .strict();

const experimentSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'lowercase letters, digits and hyphens, starting with a letter'),
    aif: aifSchema.default(aifSchema.parse({})),
  })
  .strict();

export function parseExperimentConfig(value: unknown, source: string): ExperimentConfig {
  const result = experimentSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new FormatError('INVALID_CONFIG', `${source}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return result.data;
}

export function readExperimentConfig(path: string): ExperimentConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new FormatError('CONFIG_NOT_FOUND', `cannot read experiment config ${path}: ${(cause as Error).message}`);
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (cause) {
    throw new FormatError('INVALID_CONFIG', `${path} is not valid YAML: ${(cause as Error).message.split('\n')[0]}`);
  }
  return parseExperimentConfig(value, path);
}
