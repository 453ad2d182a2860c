/**
 * `qtm stack up|down|status`: the local PostgreSQL, Temporal dev server and S3 server. `up` is idempotent
 * (it reuses what runs) and records what it started before starting the next server, so `down` always
 * stops exactly what the stack started, even after a failed `up`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../runtime/project-paths';
import { loadSettings } from '../runtime/settings';
import { migrateDatabase } from '../storage/migrate';
import { minioClient } from '../storage/object-store-client';
import { startObjectStore } from './object-store-server';
import { removeOrphanedCluster } from './postgres-cluster';
import { postgresHealthy, startPostgres, stopPostgres } from './postgres-server';
import { isAlive, stopProcessGroup } from './process-control';
import type { ServerContext, ServerUp } from './server-context';
import { credentialsOfEndpoints, newCredentials } from './stack-credentials';
import { readStackState, type ServerName, writeStackState } from './stack-state';
import { startTemporal, temporalHealthy } from './temporal-server';
import { postgresBinDir } from './tool-binaries';

export async function stackUp(env: NodeJS.ProcessEnv, say: (line: string) => void): Promise<void> {
  const dir = dataDir(env);
  const state = readStackState(dir);
  const known = state.credentials ?? credentialsOfEndpoints(state.endpoints);
  if (!known && !env.DATABASE_URL) {
    // A new stack: a cluster left outside the data dir by a deleted one cannot be logged in to.
    const removed = removeOrphanedCluster(dir, postgresBinDir());
    if (removed) say(`PostgreSQL: removed the cluster ${removed}, left by an earlier, deleted ${dir}`);
  }
  state.credentials = known ?? newCredentials();
  writeStackState(dir, state);
  const ctx: ServerContext = {
    dataDir: dir,
    logsDir: join(dir, 'logs'),
    env,
    credentials: state.credentials,
  };
  mkdirSync(ctx.logsDir, { recursive: true });
  const steps: Array<[ServerName, () => Promise<ServerUp>]> = [
    ['postgres', () => startPostgres(ctx)],
    ['s3', () => startObjectStore(ctx, state.started.s3)],
    ['temporal', () => startTemporal(ctx, state.started.temporal)],
  ];
  for (const [name, start] of steps) {
    const up = await start();
    if (up.started) state.started[name] = up.started;
    Object.assign(state.endpoints, up.endpoints);
    writeStackState(dir, state);
    say(up.summary);
  }
  const migrated = await migrateDatabase({ databaseUrl: loadSettings(env).databaseUrl });
  say(
    `results database: ${migrated.applied.length} migrations applied, ${migrated.alreadyApplied.length} already there`,
  );
}

export async function stackDown(env: NodeJS.ProcessEnv, say: (line: string) => void): Promise<void> {
  const dir = dataDir(env);
  const state = readStackState(dir);
  for (const name of ['temporal', 's3', 'postgres'] as const) {
    const started = state.started[name];
    if (!started) continue;
    if (started.pid !== undefined && isAlive(started.pid)) await stopProcessGroup(started.pid);
    if (started.pgData) stopPostgres(started);
    delete state.started[name];
    writeStackState(dir, state);
    say(`${name}: stopped`);
  }
}

export interface ServerStatus {
  name: ServerName;
  endpoint: string;
  healthy: boolean;
  startedByStack: boolean;
  detail: string;
}

export async function stackStatus(env: NodeJS.ProcessEnv): Promise<ServerStatus[]> {
  const state = readStackState(dataDir(env));
  const settings = loadSettings(env);
  const probe = async (check: () => Promise<boolean>) => check().catch(() => false);
  const s3 = minioClient(settings.s3);
  const rows: Array<[ServerName, string, () => Promise<boolean>]> = [
    [
      'postgres',
      settings.databaseUrl.replace(/:[^:@/]*@/, ':***@'),
      () => postgresHealthy(settings.databaseUrl),
    ],
    [
      's3',
      `${settings.s3.endpoint.origin} bucket ${settings.s3.bucket}`,
      () => s3.bucketExists(settings.s3.bucket),
    ],
    ['temporal', settings.temporal.address, () => temporalHealthy(settings.temporal.address)],
  ];
  return Promise.all(
    rows.map(async ([name, endpoint, check]) => {
      const started = state.started[name];
      return {
        name,
        endpoint,
        healthy: await probe(check),
        startedByStack: started !== undefined,
        detail: started ? `${started.version}, log ${started.logFile}` : 'external',
      };
    }),
  );
}
