/**
 * A fresh, empty database per test on the stack's PostgreSQL (DATABASE_URL or the local stack's), so tests
 * never see each other's rows or migrations; dropped afterwards. The role needs CREATEDB.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadSettings } from '../../../runtime/settings';

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

function onServer(serverUrl: string, sql: string): Promise<void> {
  return withClient(serverUrl, async (client) => {
    await client.query(sql);
  });
}

/** On the server of `serverUrl` (default: the stack's DATABASE_URL). */
export async function createFreshDatabase(serverUrl = loadSettings().databaseUrl): Promise<FreshDatabase> {
  const name = `qtm_test_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Runs `work` with a connected node-postgres client on `url`. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
