/**
 * Temporal for the local stack: TEMPORAL_ADDRESS when set, otherwise the Temporal CLI dev server persisted
 * to <data dir>/temporal/temporal.db, so workflows survive a server restart. Ports: QTM_TEMPORAL_PORT
 * (default 7233) and QTM_TEMPORAL_UI_PORT (default 8233).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { isAlive, portOpen, spawnDetached, waitHealthy } from './process-control';
import { portSetting, type ServerContext, type ServerUp } from './server-context';
import { StackError } from './stack-error';
import type { StartedServer } from './stack-state';
import { pythonWheelBinary } from './tool-binaries';

export async function temporalHealthy(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 2000 });
  try {
    await connection.workflowService.getSystemInfo({});
    return true;
  } finally {
    await connection.close();
  }
}

/** Arguments of `temporal server start-dev` for a persisted server; the tests start extra ones with it. */
export function temporalDevServerArgs(dbFile: string, port: number, uiPort: number): string[] {
  return [
    'server',
    'start-dev',
    '--db-filename',
    dbFile,
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--ui-port',
    String(uiPort),
    '--log-level',
    'warn',
  ];
}

export async function startTemporal(ctx: ServerContext, previous?: StartedServer): Promise<ServerUp> {
  if (ctx.env.TEMPORAL_ADDRESS) return { endpoints: {}, summary: 'Temporal: external (TEMPORAL_ADDRESS)' };
  const port = portSetting(ctx.env, 'QTM_TEMPORAL_PORT', 7233);
  const uiPort = portSetting(ctx.env, 'QTM_TEMPORAL_UI_PORT', 8233);
  const address = `127.0.0.1:${port}`;
  const endpoints = { TEMPORAL_ADDRESS: address };
  const ui = `http://127.0.0.1:${uiPort}`;
  if (previous?.pid && isAlive(previous.pid)) {
    return {
      started: previous,
      endpoints,
      summary: `Temporal: ${address}, Web UI ${ui} (${previous.version}), log ${previous.logFile}`,
    };
  }
  for (const p of [port, uiPort]) {
    if (await portOpen(p))
      throw new StackError(
        'PORT_IN_USE',
        `Temporal: port ${p} is taken by another program; set QTM_TEMPORAL_PORT / QTM_TEMPORAL_UI_PORT, or TEMPORAL_ADDRESS to use that server`,
      );
  }
  const binary = pythonWheelBinary('temporal');
  const version = execFileSync(binary, ['--version'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  const dir = join(ctx.dataDir, 'temporal');
  mkdirSync(dir, { recursive: true });
  const logFile = join(ctx.logsDir, 'temporal.log');
  const pid = spawnDetached(binary, temporalDevServerArgs(join(dir, 'temporal.db'), port, uiPort), logFile);
  await waitHealthy('Temporal', () => temporalHealthy(address), { timeoutMs: 60_000, logFile, pid });
  return {
    started: { pid, binary, version, logFile },
    endpoints,
    summary: `Temporal: ${address}, Web UI ${ui} (${version}), log ${logFile}`,
  };
}
