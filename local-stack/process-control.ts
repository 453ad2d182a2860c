/**
 * Starting and stopping the stack's server processes: detached (they outlive `qtm stack up`), output to a
 * log file, waited on with a health check and a deadline. Stopping signals the whole process group, so a
 * server's children go with it.
 */
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { createConnection } from 'node:net';
import { StackError } from './stack-error';

export function spawnDetached(
  command: string,
  args: string[],
  logFile: string,
  env?: NodeJS.ProcessEnv,
): number {
  const log = openSync(logFile, 'a');
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, ...env },
  });
  if (child.pid === undefined)
    throw new StackError('SPAWN_FAILED', `could not start ${command}; see ${logFile}`);
  child.unref();
  return child.pid;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Sends SIGTERM to the process group, then SIGKILL after `graceMs` if anything is left. */
export async function stopProcessGroup(pid: number, graceMs = 10_000): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) signal('SIGKILL');
  while (isAlive(pid)) await sleep(50);
}

export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Polls `healthy` until it returns true or `timeoutMs` passes; fails naming the server and its log. */
export async function waitHealthy(
  name: string,
  healthy: () => Promise<boolean>,
  opts: { timeoutMs: number; logFile: string; pid?: number },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  while (Date.now() < deadline) {
    if (await healthy().catch(() => false)) return;
    if (opts.pid !== undefined && !isAlive(opts.pid)) {
      throw new StackError('SERVER_EXITED', `${name} exited during start-up; see ${opts.logFile}`);
    }
    await sleep(250);
  }
  throw new StackError(
    'SERVER_TIMEOUT',
    `${name} did not become healthy within ${opts.timeoutMs / 1000} s; see ${opts.logFile}`,
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
