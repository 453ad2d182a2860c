/**
 * Applies prisma/migrations to DATABASE_URL and records them in _prisma_migrations exactly as
 * `prisma migrate deploy` does (same table, same checksum, same advisory lock key), because the Prisma CLI's
 * native schema engine cannot be installed on every machine. Unlike deploy, each migration runs in one
 * transaction with its history row, so a failing migration leaves neither half its changes nor a failed
 * row behind; a migration therefore must not use statements PostgreSQL forbids in a transaction
 * (CREATE INDEX CONCURRENTLY, ...). An applied migration whose file has changed since is refused.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { connectionFailure, parseDatabaseUrl } from './db-connection';
import { DatabaseError } from './db-error';
import { defaultMigrationsDir, type MigrationScript, readMigrations } from './db-migrations';

/** Prisma Migrate's lock key: holding it also keeps a concurrent `prisma migrate` out, and vice versa. */
const PRISMA_MIGRATE_LOCK = 72707369;

// The DDL of prisma-engines' PostgreSQL flavour, column for column.
const HISTORY_TABLE_DDL = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrateOptions {
  databaseUrl: string;
  /** default: <project>/prisma/migrations */
  migrationsDir?: string;
  /** how long to wait for another migrator to finish, in ms (default 30 000) */
  lockTimeoutMs?: number;
}

export interface MigrateResult {
  /** migrations applied by this call, in order */
  applied: string[];
  /** migrations that were already applied */
  alreadyApplied: string[];
}

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export async function migrateDatabase(options: MigrateOptions): Promise<MigrateResult> {
  const url = parseDatabaseUrl(options.databaseUrl);
  const migrations = readMigrations(options.migrationsDir ?? defaultMigrationsDir());
  const client = new Client({ connectionString: url.href, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (err) {
    throw connectionFailure(err, url) ?? err;
  }
  try {
    await acquireLock(client, options.lockTimeoutMs ?? 30_000);
    try {
      await client.query(HISTORY_TABLE_DDL);
      const history = await client.query<HistoryRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at',
      );
      const applied = appliedMigrations(history.rows, migrations);
      const pending = migrations.filter((m) => !applied.has(m.name));
      for (const migration of pending) await applyMigration(client, migration);
      return {
        applied: pending.map((m) => m.name),
        alreadyApplied: migrations.filter((m) => applied.has(m.name)).map((m) => m.name),
      };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]);
    }
  } finally {
    await client.end();
  }
}

async function acquireLock(client: Client, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      PRISMA_MIGRATE_LOCK,
    ]);
    if (rows[0].locked) return;
    if (Date.now() >= deadline) {
      throw new DatabaseError(
        'MIGRATION_LOCKED',
        `another migrator (qtm db migrate or prisma migrate) has held the migration lock on DATABASE_URL for over ${timeoutMs} ms; wait for it, or end the session holding advisory lock ${PRISMA_MIGRATE_LOCK}`,
      );
    }
    await sleep(200);
  }
}

/** Names of applied migrations; refuses a history with a failed migration or with a changed migration file. */
function appliedMigrations(history: HistoryRow[], local: MigrationScript[]): Set<string> {
  const live = history.filter((row) => row.rolled_back_at === null);
  const failed = live.filter((row) => row.finished_at === null);
  if (failed.length > 0) {
    const name = failed[0].migration_name;
    throw new DatabaseError(
      'MIGRATION_INCOMPLETE',
      `migration ${name} failed earlier and is recorded as unfinished in _prisma_migrations; repair the database, then mark it with \`prisma migrate resolve --rolled-back ${name}\` (or set its rolled_back_at)`,
    );
  }
  const checksums = new Map(local.map((m) => [m.name, m.checksum]));
  const changed = live.filter(
    (row) => checksums.has(row.migration_name) && checksums.get(row.migration_name) !== row.checksum,
  );
  if (changed.length > 0) {
    const names = changed.map((row) => row.migration_name).join(', ');
    throw new DatabaseError(
      'MIGRATION_CHECKSUM_MISMATCH',
      `prisma/migrations/${changed[0].migration_name}/migration.sql changed after it was applied (${names}); restore the applied file and put schema changes in a new migration folder`,
    );
  }
  return new Set(live.map((row) => row.migration_name));
}

async function applyMigration(client: Client, migration: MigrationScript): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      'INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, clock_timestamp(), 0)',
      [id, migration.checksum, migration.name],
    );
    await client.query(migration.sql);
    await client.query(
      'UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1',
      [id],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatabaseError(
      'MIGRATION_FAILED',
      `migration ${migration.name} failed and was rolled back, nothing of it applied: ${reason}`,
      { cause: err },
    );
  }
}
