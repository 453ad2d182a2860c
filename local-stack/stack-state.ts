/**
 * <data dir>/stack.json: what `qtm stack up` started (so `down` stops exactly that) and the endpoints it
 * serves (read by runtime/settings.ts when the environment sets none).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SettingsRecord } from '../runtime/settings';
import type { StackCredentials } from './stack-credentials';

export type ServerName = 'postgres' | 'temporal' | 's3';

export interface StartedServer {
  /** Process id of a server we spawned (the process-group leader); absent for pg_ctl-managed PostgreSQL. */
  pid?: number;
  /** PostgreSQL cluster folder, stopped with pg_ctl. */
  pgData?: string;
  binary: string;
  version: string;
  logFile: string;
}

export interface StackState {
  /** Made by the first `up`, reused by every later one (stack-credentials.ts). */
  credentials?: StackCredentials;
  endpoints: Partial<SettingsRecord>;
  started: Partial<Record<ServerName, StartedServer>>;
  uiUrl?: string;
}

export function readStackState(dir: string): StackState {
  const file = join(dir, 'stack.json');
  if (!existsSync(file)) return { endpoints: {}, started: {} };
  return JSON.parse(readFileSync(file, 'utf8')) as StackState;
}

/**
 * Written atomically (temp file + rename) so a crash never leaves half a state file, and readable by its
 * owner only (mode 0600): it holds the stack's passwords.
 */
export function writeStackState(dir: string, state: StackState): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'stack.json');
  const temp = `${file}.tmp`;
  rmSync(temp, { force: true }); // a leftover would keep its own mode
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}
