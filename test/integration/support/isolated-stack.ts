/**
 * The integration and fault suites run in a database, a bucket and a Temporal namespace of their own on the
 * stack's servers, so a test run never adds experiments, objects or workflows to the user's results. The
 * global setup creates them and hands their names to every test (and every process a test starts) through
 * the environment, which runtime/settings.ts reads first; the global teardown drops them.
 */
import { randomBytes } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { loadSettings } from '../../../runtime/settings';
import { migrateDatabase } from '../../../storage/migrate';
import { ensureNamespace } from '../../../workers/temporal-namespace';
import { createFreshDatabase, withClient } from '../db/fresh-database';
import { createTestBucket, removeTestBucket } from './test-bucket';

/** The settings that point the tests at their own resources. */
export type IsolatedEnv = Record<'DATABASE_URL' | 'S3_BUCKET' | 'TEMPORAL_NAMESPACE', string>;

export async function createIsolatedStack(): Promise<IsolatedEnv> {
  const database = await createFreshDatabase();
  await migrateDatabase({ databaseUrl: database.url });
  const bucket = await createTestBucket();
  const namespace = `qtm-test-${randomBytes(4).toString('hex')}`;
  await withTemporal(loadSettings().temporal.address, async (connection) => {
    await ensureNamespace(connection, namespace, 1);
  });
  return { DATABASE_URL: database.url, S3_BUCKET: bucket.bucket, TEMPORAL_NAMESPACE: namespace };
}

/** Drops what createIsolatedStack made, named by the environment it set. */
export async function dropIsolatedStack(): Promise<void> {
  const settings = loadSettings();
  const server = new URL(settings.databaseUrl);
  const database = server.pathname.slice(1);
  server.pathname = '/postgres';
  await withClient(server.href, (client) =>
    client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
  );
  await removeTestBucket(settings.s3);
  await withTemporal(settings.temporal.address, (connection) =>
    connection.operatorService.deleteNamespace({ namespace: settings.temporal.namespace }),
  );
}

async function withTemporal<T>(address: string, work: (connection: Connection) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address });
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}
