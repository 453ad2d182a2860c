/**
 * The suites never write into the user's results: every test (and every process it starts) sees a
 * database, a bucket and a Temporal namespace that the global setup made for this run, on the same
 * servers as the user's, and not the user's own.
 */
import { Connection } from '@temporalio/client';
import { loadSettings, readStackEndpoints } from '../../runtime/settings';
import { minioClient } from '../../storage/object-store-client';
import { withClient } from './db/fresh-database';

const settings = loadSettings();

test('the tests use a database of their own, migrated', async () => {
  expect(new URL(settings.databaseUrl).pathname).toMatch(/^\/qtm_test_[0-9a-f]+$/);
  const tables = await withClient(settings.databaseUrl, (c) =>
    c.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'Experiment'`),
  );
  expect(tables.rows[0].n).toBe(1);
});

test('the tests use a bucket of their own', async () => {
  expect(settings.s3.bucket).toMatch(/^qtm-test-[0-9a-f]+$/);
  await expect(minioClient(settings.s3).bucketExists(settings.s3.bucket)).resolves.toBe(true);
});

test('the tests use a Temporal namespace of their own', async () => {
  expect(settings.temporal.namespace).toMatch(/^qtm-test-[0-9a-f]+$/);
  const connection = await Connection.connect({ address: settings.temporal.address });
  try {
    const { namespaceInfo } = await connection.workflowService.describeNamespace({
      namespace: settings.temporal.namespace,
    });
    expect(namespaceInfo?.name).toBe(settings.temporal.namespace);
  } finally {
    await connection.close();
  }
});

test("the user's settings recorded by the stack name none of them", () => {
  expect(JSON.stringify(readStackEndpoints(settings.dataDir))).not.toMatch(/qtm[_-]test/);
});
