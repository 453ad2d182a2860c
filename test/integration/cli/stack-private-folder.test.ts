/**
 * The local stack's PostgreSQL starts from a clone in a private folder (mode 700, as root's home is):
 * as root the server runs as the `postgres` user, which cannot enter such a folder. A cluster of its own
 * on a free port, started and stopped here, so the shared stack is not touched.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { removeOrphanedCluster } from '../../../local-stack/postgres-cluster';
import { postgresHealthy, startPostgres, stopPostgres } from '../../../local-stack/postgres-server';
import { portOpen } from '../../../local-stack/process-control';
import { newCredentials } from '../../../local-stack/stack-credentials';
import type { StartedServer } from '../../../local-stack/stack-state';
import { postgresBinDir } from '../../../local-stack/tool-binaries';

const privateFolder = mkdtempSync(join(tmpdir(), 'qtm-private-home-'));
const dataDir = join(privateFolder, 'clone', '.data');
let started: StartedServer | undefined;

/** A free port below the kernel's ephemeral range (32768 up), where no client socket can take it before the bind. */
async function freePort(): Promise<number> {
  for (let port = 17100 + (process.pid % 500); ; port++) if (!(await portOpen(port))) return port;
}

afterAll(() => {
  if (started) {
    stopPostgres(started);
    if (!started.pgData?.startsWith(privateFolder))
      rmSync(dirname(started.pgData as string), { recursive: true });
  }
  rmSync(privateFolder, { recursive: true, force: true });
});

test('PostgreSQL starts, with its password, from a data dir below a mode-700 folder', async () => {
  chmodSync(privateFolder, 0o700);
  expect(statSync(privateFolder).mode & 0o777).toBe(0o700);
  const logsDir = join(dataDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const credentials = newCredentials();
  const port = await freePort();

  const up = await startPostgres({ dataDir, logsDir, env: { QTM_PG_PORT: String(port) }, credentials });
  started = up.started;

  const url = up.endpoints.DATABASE_URL as string;
  expect(new URL(url).password).toBe(credentials.postgresPassword);
  await expect(postgresHealthy(url)).resolves.toBe(true);
  const wrong = new URL(url);
  wrong.password = 'not-the-password';
  await expect(postgresHealthy(wrong.href)).rejects.toThrow(/password authentication failed/);
  // the server's log is in the private folder; the password file initdb read is gone
  expect(readFileSync(join(logsDir, 'postgres.log'), 'utf8')).toMatch(/ready to accept connections/);
  const home = dirname(started?.pgData as string);
  expect(readdirSync(home)).toEqual(['data']);
  expect(existsSync(join(home, 'data', 'PG_VERSION'))).toBe(true);
});

test('a new stack in the same private folder, after its data dir was deleted, removes the orphaned cluster and starts with its own password', async () => {
  const first = started as StartedServer;
  stopPostgres(first);
  started = undefined;
  rmSync(dataDir, { recursive: true }); // `rm -rf .data`: the password went, the cluster outside stayed
  const home = dirname(first.pgData as string);
  expect(existsSync(join(home, 'data', 'PG_VERSION'))).toBe(true);

  // Without the removal the old cluster refuses the new password: the start fails, naming its log, and
  // stops the server it started (nothing is left running that no stack state knows of).
  const logsDir0 = join(dataDir, 'logs');
  mkdirSync(logsDir0, { recursive: true });
  await expect(
    startPostgres({
      dataDir,
      logsDir: logsDir0,
      env: { QTM_PG_PORT: String(await freePort()) },
      credentials: newCredentials(),
    }),
  ).rejects.toThrow(/PostgreSQL did not become healthy within 60 s; see .*postgres\.log/);
  expect(existsSync(join(home, 'data', 'postmaster.pid'))).toBe(false);
  rmSync(dataDir, { recursive: true });

  expect(removeOrphanedCluster(dataDir, postgresBinDir())).toBe(home);
  expect(existsSync(home)).toBe(false);
  const logsDir = join(dataDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const credentials = newCredentials();
  const up = await startPostgres({
    dataDir,
    logsDir,
    env: { QTM_PG_PORT: String(await freePort()) },
    credentials,
  });
  started = up.started;
  await expect(postgresHealthy(up.endpoints.DATABASE_URL as string)).resolves.toBe(true);
  // a data dir that left no cluster outside: nothing to remove
  expect(removeOrphanedCluster(join(privateFolder, 'elsewhere'), postgresBinDir())).toBeUndefined();
});
