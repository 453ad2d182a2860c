/**
 * No Docker engine runs on the project's machines, so the deployment file is validated, not run: the
 * compose CLI (Debian's docker-compose, installed by infra/bootstrap.sh) must accept it, and it must
 * declare every service the README's deployment section names.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parse } from 'yaml';

const file = join(__dirname, '../../../infra/docker-compose.yml');

test('docker-compose config accepts infra/docker-compose.yml', () => {
  const out = execFileSync('docker-compose', ['-f', file, 'config'], { encoding: 'utf8' });
  const services = Object.keys((parse(out) as { services: Record<string, unknown> }).services).sort();
  expect(services).toEqual([
    'migrate',
    'minio',
    'minio-bucket',
    'postgres',
    'temporal',
    'temporal-ui',
    'worker-cpu',
    'worker-gpu',
  ]);
});

test('the workers get every setting they need and Temporal persists to PostgreSQL', () => {
  const compose = parse(execFileSync('docker-compose', ['-f', file, 'config'], { encoding: 'utf8' })) as {
    services: Record<string, { environment?: Record<string, string>; depends_on?: Record<string, unknown> }>;
  };
  for (const worker of ['worker-cpu', 'worker-gpu']) {
    expect(Object.keys(compose.services[worker].environment ?? {})).toEqual(
      expect.arrayContaining([
        'DATABASE_URL',
        'TEMPORAL_ADDRESS',
        'S3_ENDPOINT',
        'S3_ACCESS_KEY',
        'S3_SECRET_KEY',
        'S3_BUCKET',
      ]),
    );
  }
  expect(compose.services.temporal.environment).toMatchObject({
    DB: 'postgres12',
    POSTGRES_SEEDS: 'postgres',
  });
});
