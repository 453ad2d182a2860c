/**
 * No Docker engine runs on the project's machines, so the deployment file is validated, not run: the
 * compose CLI (Debian's docker-compose, installed by infra/bootstrap.sh) must accept it with an env file of
 * secrets and refuse it without one, it must declare every service the README's deployment section names,
 * publish ports on loopback only, pin every image and run every service as an unprivileged user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const infra = join(__dirname, '../../../infra');
const file = join(infra, 'docker-compose.yml');
const secrets = {
  QTM_DB_PASSWORD: randomBytes(12).toString('hex'),
  QTM_S3_ACCESS_KEY: randomBytes(6).toString('hex'),
  QTM_S3_SECRET_KEY: randomBytes(12).toString('hex'),
  QTM_PAYLOAD_KEYS: `k1:${randomBytes(32).toString('base64')}`,
};

interface Service {
  image?: string;
  build?: { target?: string };
  user?: string;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, unknown>;
}

function config(): { services: Record<string, Service> } {
  const dir = mkdtempSync(join(tmpdir(), 'qtm-compose-'));
  try {
    const envFile = join(dir, 'compose.env');
    writeFileSync(
      envFile,
      Object.entries(secrets)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
    // an empty environment, so only the env file can supply the secrets
    const out = execFileSync('docker-compose', ['--env-file', envFile, '-f', file, 'config'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    return parse(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const { services } = config();
/** One-shot jobs that only start, do their work and exit. */
const ONE_SHOT = ['temporal-schema', 'temporal-namespace', 'minio-bucket', 'migrate', 'minio-data-owner'];

test('docker-compose config accepts infra/docker-compose.yml with an env file of secrets', () => {
  expect(Object.keys(services).sort()).toEqual([
    'migrate',
    'minio',
    'minio-bucket',
    'minio-data-owner',
    'postgres',
    'temporal',
    'temporal-namespace',
    'temporal-schema',
    'temporal-ui',
    'worker-cpu',
    'worker-gpu',
  ]);
});

test('without the env file it is refused, naming the missing secret', () => {
  const r = spawnSync('docker-compose', ['-f', file, 'config'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
    cwd: tmpdir(),
  });
  expect(r.status).not.toBe(0);
  expect(r.stderr).toMatch(/set QTM_(DB_PASSWORD|S3_ACCESS_KEY|S3_SECRET_KEY) in the env file/);
});

test('the file itself holds no secret: every password and key comes from the env file', () => {
  const text = readFileSync(file, 'utf8');
  for (const line of text.split('\n').filter((l) => /(PASSWORD|PWD|SECRET|ACCESS_KEY|PAYLOAD_KEYS):/.test(l)))
    expect(line).toMatch(/\$\{QTM_[A-Z0-9_]+[:?-]/);
  expect(services.postgres.environment?.POSTGRES_PASSWORD).toBe(secrets.QTM_DB_PASSWORD);
  expect(services.minio.environment?.MINIO_ROOT_PASSWORD).toBe(secrets.QTM_S3_SECRET_KEY);
  expect(services['worker-gpu'].environment?.QTM_PAYLOAD_KEYS).toBe(secrets.QTM_PAYLOAD_KEYS);
});

test('every published port is bound to 127.0.0.1', () => {
  const ports = Object.values(services).flatMap((s) => s.ports ?? []);
  expect(ports.length).toBeGreaterThanOrEqual(5);
  for (const p of ports) expect(p).toMatch(/^127\.0\.0\.1:\d+:\d+(\/tcp)?$/);
});

test('every image is pinned to a version, the Dockerfile bases too', () => {
  const pinned = /^[a-z0-9./-]+:(?!latest$)[A-Za-z0-9._-]*\d[A-Za-z0-9._-]*$/;
  for (const [name, s] of Object.entries(services))
    if (!s.build && !s.image?.startsWith('qtm-flow:'))
      expect({ name, image: s.image }).toEqual({ name, image: expect.stringMatching(pinned) });
  const dockerfile = readFileSync(join(infra, 'Dockerfile'), 'utf8');
  const stages = new Set([...dockerfile.matchAll(/^FROM \S+ AS (\S+)/gm)].map((m) => m[1]));
  // Images pulled from a registry, not the file's own earlier stages (FROM build AS build-gpu).
  const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]).filter((b) => !stages.has(b));
  expect(bases.length).toBe(5);
  for (const base of bases) expect(base).toMatch(pinned);
});

test('every long-running service runs as an unprivileged user', () => {
  const dockerfile = readFileSync(join(infra, 'Dockerfile'), 'utf8');
  /** The USER of each build target (the last one before the next FROM). */
  const userOf = (target: string) =>
    dockerfile
      .split(/^FROM /m)
      .find((stage) => new RegExp(`^\\S+ AS ${target}\\n`).test(stage))
      ?.match(/^USER (\S+)$/m)?.[1];
  const targets: Record<string, string> = {
    'qtm-flow:cpu': 'cpu',
    'qtm-flow:gpu': 'gpu',
    'qtm-flow:temporal': 'temporal',
  };
  for (const [name, s] of Object.entries(services)) {
    if (ONE_SHOT.includes(name)) continue;
    const user = s.user ?? userOf(targets[s.image ?? ''] ?? '');
    expect({ name, user }).toEqual({ name, user: expect.stringMatching(/^(?!root$|0(:|$))\S+$/) });
  }
});

test('the workers get every setting they need and Temporal persists to PostgreSQL', () => {
  for (const worker of ['worker-cpu', 'worker-gpu']) {
    expect(Object.keys(services[worker].environment ?? {})).toEqual(
      expect.arrayContaining([
        'DATABASE_URL',
        'TEMPORAL_ADDRESS',
        'TEMPORAL_NAMESPACE',
        'S3_ENDPOINT',
        'S3_ACCESS_KEY',
        'S3_SECRET_KEY',
        'S3_BUCKET',
      ]),
    );
  }
  expect(services.temporal.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
  expect(services['temporal-schema'].environment).toMatchObject({
    DB: 'postgres12',
    POSTGRES_SEEDS: 'postgres',
  });
});
