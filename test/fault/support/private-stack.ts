/**
 * The fault suite's own local stack (PostgreSQL, S3 server, Temporal dev server), started with the
 * local-stack code in a data folder and on free ports of its own. Each fault test stops and starts exactly
 * the server it targets, and no other test or user stack shares these servers, so a restart here disturbs
 * nothing else. Stopped and removed at the end of the suite.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startObjectStore } from '../../../local-stack/object-store-server';
import { startPostgres, stopPostgres } from '../../../local-stack/postgres-server';
import { isAlive, portOpen, stopProcessGroup } from '../../../local-stack/process-control';
import type { ServerContext } from '../../../local-stack/server-context';
import { stackDown, stackUp } from '../../../local-stack/stack';
import { readStackState, type ServerName, writeStackState } from '../../../local-stack/stack-state';
import { startTemporal } from '../../../local-stack/temporal-server';
import { dataDir } from '../../../runtime/project-paths';
import { loadSettings, type Settings } from '../../../runtime/settings';

export interface PrivateStack {
  /** environment for processes that use this stack (workers, the CLI) */
  env: NodeJS.ProcessEnv;
  settings: Settings;
  logsDir: string;
  stop(server: ServerName): Promise<void>;
  start(server: ServerName): Promise<void>;
  down(): Promise<void>;
}

// Settings that would point processes at another stack (the shared one, or the isolated test resources the
// integration setup made on it); the private stack.json and its defaults answer instead.
const ENDPOINT_VARIABLES = [
  'DATABASE_URL',
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'S3_ENDPOINT',
  'S3_ACCESS_KEY',
  'S3_SECRET_KEY',
  'S3_BUCKET',
];

/**
 * The lowest port the kernel hands out to outgoing connections: a port at or above it can be taken by a
 * client socket between our probe and the server's bind (a probe sees only listeners), which once made the
 * Temporal UI fail with "address already in use" in CI.
 */
function ephemeralPortsFrom(): number {
  const range = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
    .trim()
    .split(/\s+/)
    .map(Number);
  return Number.isInteger(range[0]) && range[0] > 22_000 ? range[0] : 32_768;
}

/**
 * Base ports whose neighbours the servers use (SeaweedFS: +1000, -253, +555; MinIO's console: +1) are free,
 * all below the kernel's ephemeral range.
 */
async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  const span = ephemeralPortsFrom() - 1001 - 20_000;
  while (ports.length < count) {
    const p = 20_000 + Math.floor(Math.random() * span);
    const neighbours = [p, p + 1, p + 1000, p - 253, p + 555];
    const taken = await Promise.all(neighbours.map((n) => portOpen(n)));
    if (!taken.some(Boolean) && !ports.some((q) => Math.abs(q - p) < 1100)) ports.push(p);
  }
  return ports;
}

export async function startPrivateStack(): Promise<PrivateStack> {
  const dir = join(dataDir(), `fault-stack-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const [pg, temporal, ui, s3] = await freePorts(4);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    QTM_DATA_DIR: dir,
    QTM_PG_PORT: String(pg),
    QTM_TEMPORAL_PORT: String(temporal),
    QTM_TEMPORAL_UI_PORT: String(ui),
    QTM_S3_PORT: String(s3),
    QTM_LOG_LEVEL: 'warn',
    // One tfjs backend for every worker, so that runs compare bit for bit (backends differ in the last bits).
    QTM_TF_BACKEND: 'wasm',
  };
  for (const name of ENDPOINT_VARIABLES) delete env[name];
  try {
    await stackUp(env, () => undefined);
  } catch (err) {
    await stackDown(env, () => undefined);
    throw err;
  }
  // The credentials the first `up` made for this stack, so a restarted server gets the same ones.
  const { credentials } = readStackState(dir);
  if (!credentials) throw new Error(`the fault stack in ${dir} recorded no credentials`);
  const ctx: ServerContext = { dataDir: dir, logsDir: join(dir, 'logs'), env, credentials };
  const started = (server: ServerName) => {
    const s = readStackState(dir).started[server];
    if (!s) throw new Error(`the fault stack did not start ${server}`);
    return s;
  };
  return {
    env,
    settings: loadSettings(env),
    logsDir: ctx.logsDir,
    async stop(server) {
      const s = started(server);
      if (server === 'postgres') stopPostgres(s);
      else if (s.pid !== undefined && isAlive(s.pid)) await stopProcessGroup(s.pid);
    },
    async start(server) {
      const up =
        server === 'postgres'
          ? await startPostgres(ctx)
          : server === 's3'
            ? await startObjectStore(ctx, undefined)
            : await startTemporal(ctx, undefined);
      const state = readStackState(dir);
      if (up.started) state.started[server] = up.started;
      writeStackState(dir, state);
    },
    async down() {
      await stackDown(env, () => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
