/** What every local-stack server module gets and returns. */
import type { SettingsRecord } from '../runtime/settings';
import type { StackCredentials } from './stack-credentials';
import type { StartedServer } from './stack-state';

export interface ServerContext {
  dataDir: string;
  logsDir: string;
  env: NodeJS.ProcessEnv;
  credentials: StackCredentials;
}

export interface ServerUp {
  /** Set when this `up` (or an earlier one) started the server; absent when an external one is used. */
  started?: StartedServer;
  endpoints: Partial<SettingsRecord>;
  /** One line for the user: where it serves, and what runs it. */
  summary: string;
}

/** A port from the environment (QTM_*_PORT) or its default, validated. */
export function portSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name}=${raw} is not a TCP port (1-65535)`);
  }
  return port;
}
