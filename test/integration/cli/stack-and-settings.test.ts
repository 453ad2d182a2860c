/**
 * A bad setting gives one clear line naming the setting to fix, not a stack trace. Runs the built `qtm`
 * (npm test builds it) against the real stack with one setting broken at a time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../../../runtime/settings';

const cli = join(__dirname, '../../../dist/cli/main.js');
const settings = loadSettings();
const good = {
  DATABASE_URL: settings.databaseUrl,
  TEMPORAL_ADDRESS: settings.temporal.address,
  S3_ENDPOINT: settings.s3.endpoint.origin,
  S3_ACCESS_KEY: settings.s3.accessKey,
  S3_SECRET_KEY: settings.s3.secretKey,
};

function qtm(args: string[], env: Record<string, string>): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], {
    env: { ...process.env, ...good, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stderr: r.stderr };
}

function expectOneLine(
  result: { status: number | null; stderr: string },
  code: string,
  setting: string,
): void {
  expect(result.status).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^qtm: ${code}: .*${setting}`));
}

test('a malformed DATABASE_URL', () => {
  expectOneLine(
    qtm(['db', 'migrate'], { DATABASE_URL: 'postgres:/nohost' }),
    'INVALID_SETTING',
    'DATABASE_URL',
  );
});

test('wrong database credentials', () => {
  const url = new URL(settings.databaseUrl);
  url.password = 'wrong-password';
  expectOneLine(qtm(['db', 'migrate'], { DATABASE_URL: url.href }), 'DB_ACCESS_DENIED', 'DATABASE_URL');
});

test('an unreachable database', () => {
  expectOneLine(
    qtm(['db', 'migrate'], { DATABASE_URL: 'postgresql://qtm:x@127.0.0.1:1/qtm' }),
    'DB_UNREACHABLE',
    'DATABASE_URL',
  );
});

test('wrong S3 credentials', () => {
  expectOneLine(
    qtm(['worker', '--queue', 'cpu'], { S3_SECRET_KEY: 'wrong-secret' }),
    'S3_CREDENTIALS',
    'S3_SECRET_KEY',
  );
});

test('an unreachable Temporal server', () => {
  expectOneLine(
    qtm(['experiment', 'run', 'experiments/demo.yaml'], { TEMPORAL_ADDRESS: '127.0.0.1:1' }),
    'TEMPORAL_UNREACHABLE',
    'TEMPORAL_ADDRESS',
  );
});

test('a port in use', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'qtm-port-'));
  try {
    // The running stack holds the default PostgreSQL port, so a second stack in another folder cannot take it.
    const r = qtm(['stack', 'up'], {
      QTM_DATA_DIR: dataDir,
      DATABASE_URL: '',
      QTM_PG_PORT: new URL(settings.databaseUrl).port,
    });
    expectOneLine(r, 'PORT_IN_USE', 'QTM_PG_PORT');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('qtm stack up on a running stack reuses every server', () => {
  const state = () =>
    JSON.parse(readFileSync(join(settings.dataDir, 'stack.json'), 'utf8')) as {
      started: Record<string, { pid?: number }>;
    };
  const before = state();
  const r = spawnSync(process.execPath, [cli, 'stack', 'up'], { encoding: 'utf8', timeout: 60_000 });
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/stack is up/);
  expect(state().started).toEqual(before.started);
});
