/**
 * The one place configuration is read and validated. Environment variables win; otherwise the endpoints
 * that `qtm stack up` recorded in <data dir>/stack.json are used, so the CLI and workers find the local
 * stack without any setting. Every variable is listed in the README's configuration table.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CodedError } from '../perfusion/errors';
import { type PayloadKey, parsePayloadKeys } from './payload-keys';
import { dataDir } from './project-paths';

export class ConfigError extends CodedError {
  override readonly name = 'ConfigError';
}

const postgresUrl = z.string().refine((s) => /^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(s) && URL.canParse(s), {
  message: 'expected postgresql://user:password@host:port/database',
});
const hostPort = z
  .string()
  .regex(/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/, 'expected host:port, e.g. 127.0.0.1:7233');
const httpUrl = z
  .string()
  .refine((s) => /^https?:\/\//.test(s) && URL.canParse(s), 'expected http(s)://host:port');

const settingsSchema = z.object({
  DATABASE_URL: postgresUrl,
  TEMPORAL_ADDRESS: hostPort,
  TEMPORAL_NAMESPACE: z.string().min(1),
  S3_ENDPOINT: httpUrl,
  S3_ACCESS_KEY: z.string().min(1),
  S3_SECRET_KEY: z.string().min(1),
  S3_BUCKET: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'S3 bucket names are 3-63 lowercase letters, digits, dots, hyphens',
    ),
  S3_REGION: z.string().min(1),
  QTM_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  QTM_TF_BACKEND: z.enum(['tensorflow', 'wasm', 'cpu']).optional(),
  QTM_PAYLOAD_KEYS: z.string().optional(),
});

export type SettingsRecord = z.infer<typeof settingsSchema>;

export interface Settings {
  databaseUrl: string;
  temporal: { address: string; namespace: string };
  s3: { endpoint: URL; accessKey: string; secretKey: string; bucket: string; region: string };
  logLevel: SettingsRecord['QTM_LOG_LEVEL'];
  /** forced tfjs backend; automatic (tensorflow, else wasm, else cpu) when absent */
  tfBackend?: SettingsRecord['QTM_TF_BACKEND'];
  /** Temporal payload encryption keys, the first one encrypting; empty: payloads travel unencrypted. */
  payloadKeys: PayloadKey[];
  dataDir: string;
}

const defaults = {
  TEMPORAL_NAMESPACE: 'default',
  S3_BUCKET: 'qtm-flow',
  S3_REGION: 'us-east-1',
  QTM_LOG_LEVEL: 'info',
};

/** Endpoints recorded by `qtm stack up` (the same variable names as the environment). */
export function readStackEndpoints(dir: string): Partial<SettingsRecord> {
  const file = join(dir, 'stack.json');
  if (!existsSync(file)) return {};
  try {
    return (
      (JSON.parse(readFileSync(file, 'utf8')) as { endpoints?: Partial<SettingsRecord> }).endpoints ?? {}
    );
  } catch {
    throw new ConfigError(
      'INVALID_STACK_STATE',
      `${file} is not valid JSON; run \`qtm stack down\` then \`qtm stack up\``,
    );
  }
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const dir = dataDir(env);
  const fromEnv = Object.fromEntries(
    Object.keys(settingsSchema.shape)
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  );
  const merged = { ...defaults, ...readStackEndpoints(dir), ...fromEnv };
  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0]);
    const hint =
      key in merged ? issue.message : 'not set; set it or run `qtm stack up` to start the local stack';
    throw new ConfigError('INVALID_SETTING', `${key}: ${hint}`);
  }
  const s = parsed.data;
  return {
    databaseUrl: s.DATABASE_URL,
    temporal: { address: s.TEMPORAL_ADDRESS, namespace: s.TEMPORAL_NAMESPACE },
    s3: {
      endpoint: new URL(s.S3_ENDPOINT),
      accessKey: s.S3_ACCESS_KEY,
      secretKey: s.S3_SECRET_KEY,
      bucket: s.S3_BUCKET,
      region: s.S3_REGION,
    },
    logLevel: s.QTM_LOG_LEVEL,
    tfBackend: s.QTM_TF_BACKEND,
    payloadKeys: parsePayloadKeys(s.QTM_PAYLOAD_KEYS),
    dataDir: dir,
  };
}
