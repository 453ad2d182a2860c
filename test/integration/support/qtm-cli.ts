/** Runs the built `qtm` (npm test builds it) as a person would, against the stack the settings name. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const TINY_CONFIG = join(__dirname, '../../fixtures/experiments/tiny.yaml');
const cli = join(__dirname, '../../../dist/cli/main.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function qtm(args: string[], timeoutMs = 280_000): CliRun {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: timeoutMs });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The run's stdout parsed as JSON, after checking it exited 0 (else its stderr is the failure). */
export function qtmJson<T>(args: string[]): T {
  const r = qtm([...args, '--json']);
  if (r.status !== 0) throw new Error(`qtm ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
