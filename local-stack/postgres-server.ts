/**
 * PostgreSQL for the local stack: DATABASE_URL when set, otherwise a project-local cluster under
 * <data dir>/postgres on a non-default port (QTM_PG_PORT, default 55432), password-protected on loopback.
 * initdb refuses to run as root, so as root the cluster belongs to the `postgres` user.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { portOpen, waitHealthy } from './process-control';
import { portSetting, type ServerContext, type ServerUp } from './server-context';
import { StackError } from './stack-error';
import type { StartedServer } from './stack-state';
import { postgresBinDir } from './tool-binaries';

const USER = 'qtm';
const PASSWORD = 'qtm-local';
const DATABASE = 'qtm';

function asPostgresUser(bin: string, args: string[]): string {
  const root = process.getuid?.() === 0;
  return execFileSync(root ? 'runuser' : bin, root ? ['-u', 'postgres', '--', bin, ...args] : args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

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
  const pgData = join(ctx.dataDir, 'postgres', 'data');
  const logFile = join(ctx.logsDir, 'postgres.log');
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
  const version = asPostgresUser(join(bin, 'postgres'), ['--version']).trim();
  const started: StartedServer = { pgData, binary: join(bin, 'postgres'), version, logFile };
  const up: ServerUp = {
    started,
    endpoints: { DATABASE_URL: url },
    summary: `PostgreSQL: 127.0.0.1:${port} (${version}), log ${logFile}`,
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
  if (!existsSync(join(pgData, 'PG_VERSION'))) initCluster(bin, pgData, logFile);
  try {
    asPostgresUser(join(bin, 'pg_ctl'), [
      '-D',
      pgData,
      '-l',
      logFile,
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${port} -k ${join(ctx.dataDir, 'postgres')} -c listen_addresses=127.0.0.1`,
      'start',
    ]);
  } catch {
    throw new StackError('SERVER_START_FAILED', `PostgreSQL failed to start; see ${logFile}`);
  }
  await waitHealthy('PostgreSQL', () => postgresHealthy(maintenanceUrl(url)), { timeoutMs: 60_000, logFile });
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

function initCluster(bin: string, pgData: string, logFile: string): void {
  mkdirSync(pgData, { recursive: true });
  const pwFile = join(pgData, '..', 'pwfile');
  writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
  writeFileSync(logFile, '', { flag: 'a' });
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    for (const p of [join(pgData, '..'), pgData, pwFile, logFile]) chownSync(p, uid, gid);
  }
  try {
    asPostgresUser(join(bin, 'initdb'), [
      '-D',
      pgData,
      '-U',
      USER,
      `--pwfile=${pwFile}`,
      '-A',
      'scram-sha-256',
      '-E',
      'UTF8',
      '--locale=C',
    ]);
  } catch (cause) {
    throw new StackError(
      'SERVER_START_FAILED',
      `PostgreSQL initdb failed in ${pgData}: ${(cause as { stderr?: string }).stderr ?? String(cause)}`,
    );
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
