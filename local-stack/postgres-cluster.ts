/**
 * Where the local stack's PostgreSQL cluster lives and how its tools run. initdb and postgres refuse to run
 * as root, so as root they run as the `postgres` user, which must be able to reach the cluster folder.
 * A clone in a private folder (a home folder of mode 700, as root's is) is out of that user's reach, so
 * there the cluster lives in the `postgres` user's home instead, in a folder named for the data dir.
 * Server output goes to the stack's log through a file descriptor opened here, so the log may stay in the
 * private folder too.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, closeSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StackError } from './stack-error';

const runningAsRoot = (): boolean => process.getuid?.() === 0;

/** Runs a PostgreSQL tool as the user that owns the cluster; `output` receives its stdout and stderr. */
export function asPostgresUser(bin: string, args: string[], output?: number): string {
  const [command, argv] = runningAsRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return execFileSync(command, argv, {
    cwd: '/', // the caller's folder may be out of the postgres user's reach
    encoding: 'utf8',
    stdio: output === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', output, output],
  });
}

function postgresAccount(): { uid: number; gid: number; home: string } {
  const entry = execFileSync('getent', ['passwd', 'postgres'], { encoding: 'utf8' }).trim().split(':');
  return { uid: Number(entry[2]), gid: Number(entry[3]), home: entry[5] };
}

/** True when the `postgres` user may enter `dir` (search permission on it and on every folder above). */
function postgresUserReaches(dir: string): boolean {
  return spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', dir]).status === 0;
}

/**
 * The folder holding the cluster (`data/`): <data dir>/postgres when the user running the servers can
 * reach it, else <postgres home>/qtm-flow/<hash of the data dir>. Creates nothing but the data dir, so a
 * start that fails early leaves no folder behind.
 */
export function clusterHome(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  if (!runningAsRoot() || postgresUserReaches(dataDir)) return join(dataDir, 'postgres');
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  return join(postgresAccount().home, 'qtm-flow', hash);
}

/**
 * Removes a cluster that lives outside `dataDir` (a private clone's, in the postgres user's home) when the data
 * dir that owned it is new: the folder holding its password was deleted, so nothing can log in to it and a new
 * stack would fail on it with "password authentication failed". Returns the folder removed, if any. A cluster
 * inside the data dir needs no such step: it went with the folder.
 */
export function removeOrphanedCluster(dataDir: string, bin: string): string | undefined {
  const home = clusterHome(dataDir);
  if (home === join(dataDir, 'postgres') || !existsSync(home)) return undefined;
  const pgData = join(home, 'data');
  if (existsSync(join(pgData, 'postmaster.pid')))
    spawnSync('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', pgData, '-m', 'fast', 'stop'], {
      cwd: '/',
      stdio: 'ignore',
    });
  rmSync(home, { recursive: true, force: true });
  return home;
}

/** Creates `home` with every missing folder above it, owned by the cluster's user and private to it. */
function createHome(home: string): void {
  const first = mkdirSync(home, { recursive: true, mode: 0o700 }) ?? home;
  if (!runningAsRoot()) return;
  const account = postgresAccount();
  for (let dir = home; ; dir = dirname(dir)) {
    chownSync(dir, account.uid, account.gid);
    if (dir === first) break;
  }
}

/** The cluster's log, opened for appending by the caller (who may be the only one able to reach it). */
export function withLog<T>(logFile: string, work: (fd: number) => T): T {
  const fd = openSync(logFile, 'a');
  try {
    return work(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * initdb with password authentication for `user`. The password reaches initdb through a file only the
 * cluster's owner can read, deleted as soon as initdb is done.
 */
export function initCluster(bin: string, home: string, user: string, password: string): void {
  const pgData = join(home, 'data');
  const pwFile = join(home, 'pwfile');
  createHome(home);
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (runningAsRoot()) {
    const account = postgresAccount();
    chownSync(pwFile, account.uid, account.gid);
  }
  try {
    asPostgresUser(join(bin, 'initdb'), [
      '-D',
      pgData,
      '-U',
      user,
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
  } finally {
    rmSync(pwFile, { force: true });
  }
}
