/**
 * PostgreSQL for the local stack: DATABASE_URL when set, otherwise a project-local cluster (see
 * postgres-cluster.ts for where it lives) on a non-default port (QTM_PG_PORT, default 55432), with the
 * stack's random password, listening on loopback only and on no Unix socket.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { asPostgresUser, clusterHome, initCluster, withLog } from './postgres-cluster';
import { portOpen, waitHealthy } from './process-control';
import { portSetting, type ServerContext, type ServerUp } from './server-context';
import { StackError } from './stack-error';
import type { StartedServer } from './stack-state';
import { postgresBinDir } from './tool-binaries';

const USER = 'qtm';
const DATABASE = 'qtm';

export async function postgresHealthy(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function startPostgres(ctx: ServerContext): Promise<ServerUp> {
  if (ctx.env.DATABASE_URL) return { endpoints: {}, summary: 'PostgreSQL: external (DATABASE_URL)' };
  const port = portSetting(ctx.env, 'QTM_PG_PORT', 55432);
  const bin = postgresBinDir();
  const home = clusterHome(ctx.dataDir);
  const pgData = join(home, 'data');
  const logFile = join(ctx.logsDir, 'postgres.log');
  const url = `postgresql://${USER}:${ctx.credentials.postgresPassword}@127.0.0.1:${port}/${DATABASE}`;
  const version = asPostgresUser(join(bin, 'postgres'), ['--version']).trim();
  const started: StartedServer = { pgData, binary: join(bin, 'postgres'), version, logFile };
  const up: ServerUp = {
    started,
    endpoints: { DATABASE_URL: url },
    summary: `PostgreSQL: 127.0.0.1:${port} (${version}), cluster ${pgData}, log ${logFile}`,
  };

  if (existsSync(join(pgData, 'PG_VERSION')) && running(bin, pgData)) {
    await ensureDatabase(url);
    return up;
  }
  if (await portOpen(port)) {
    throw new StackError(
      'PORT_IN_USE',
      `PostgreSQL: port ${port} is taken by another program; set QTM_PG_PORT to a free port or DATABASE_URL to use that server`,
    );
  }
  if (!existsSync(join(pgData, 'PG_VERSION'))) initCluster(bin, home, USER, ctx.credentials.postgresPassword);
  try {
    // No -l: the server writes to the log through the descriptor it inherits, which works even where the
    // postgres user cannot open the log's path.
    withLog(logFile, (fd) =>
      asPostgresUser(
        join(bin, 'pg_ctl'),
        ['-D', pgData, '-w', '-t', '60', '-o', `-p ${port} -k '' -c listen_addresses=127.0.0.1`, 'start'],
        fd,
      ),
    );
  } catch {
    throw new StackError('SERVER_START_FAILED', `PostgreSQL failed to start; see ${logFile}`);
  }
  try {
    await waitHealthy('PostgreSQL', () => postgresHealthy(maintenanceUrl(url)), {
      timeoutMs: 60_000,
      logFile,
    });
  } catch (err) {
    // Not yet recorded in the stack's state, so `down` would not know it: stop the server started here.
    stopPostgres(started);
    throw err;
  }
  await ensureDatabase(url);
  return up;
}

export function stopPostgres(started: StartedServer): void {
  if (!started.pgData) return;
  const bin = started.binary.replace(/\/postgres$/, '');
  if (running(bin, started.pgData))
    asPostgresUser(join(bin, 'pg_ctl'), ['-D', started.pgData, '-m', 'fast', '-w', 'stop']);
}

function running(bin: string, pgData: string): boolean {
  try {
    asPostgresUser(join(bin, 'pg_ctl'), ['-D', pgData, 'status']);
    return true;
  } catch {
    return false;
  }
}

/** The same server's `postgres` database, where CREATE DATABASE runs. */
function maintenanceUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

async function ensureDatabase(url: string): Promise<void> {
  const client = new Client({ connectionString: maintenanceUrl(url) });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}
