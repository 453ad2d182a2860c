import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateAndReport } from '../../../cli/commands/db';
import { DatabaseError } from '../../../storage/db-error';
import { defaultMigrationsDir, readMigrations } from '../../../storage/db-migrations';
import { migrateDatabase } from '../../../storage/migrate';
import { createFreshDatabase, type FreshDatabase, withClient } from './fresh-database';

interface HistoryRow {
  id: string;
  checksum: string;
  migration_name: string;
  logs: string | null;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

const history = (url: string) =>
  withClient(
    url,
    async (c) => (await c.query<HistoryRow>('SELECT * FROM _prisma_migrations ORDER BY started_at')).rows,
  );

/** A scratch copy of prisma/migrations that a test may edit. */
function copyOfMigrations(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'qtm-migrations-')), 'migrations');
  cpSync(defaultMigrationsDir(), dir, { recursive: true });
  return dir;
}

function addMigration(dir: string, name: string, sql: string): void {
  mkdirSync(join(dir, name));
  writeFileSync(join(dir, name, 'migration.sql'), sql);
}

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DatabaseError);
  return (err as DatabaseError).code;
};

describe('qtm db migrate (storage/migrate.ts) on a real PostgreSQL', () => {
  let db: FreshDatabase;
  const scratch: string[] = [];
  beforeEach(async () => {
    db = await createFreshDatabase();
  });
  afterEach(async () => {
    await db.drop();
    for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const scratchMigrations = () => {
    const dir = copyOfMigrations();
    scratch.push(join(dir, '..'));
    return dir;
  };

  it('applies every migration once, in order, recorded as prisma migrate deploy records them', async () => {
    const lines: string[] = [];
    await migrateAndReport(db.url, (line) => lines.push(line));
    const local = readMigrations();
    expect(lines).toEqual([
      ...local.map((m) => `applied ${m.name}`),
      `database is up to date: ${local.length} applied now, 0 already applied`,
    ]);

    const rows = await history(db.url);
    expect(rows.map((r) => r.migration_name)).toEqual(local.map((m) => m.name));
    let previousFinish = 0;
    for (const row of rows) {
      const file = readFileSync(join(defaultMigrationsDir(), row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'));
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect([row.logs, row.rolled_back_at, row.applied_steps_count]).toEqual([null, null, 1]);
      const finished = row.finished_at?.getTime() ?? Number.NaN;
      expect(finished).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.started_at.getTime()).toBeGreaterThanOrEqual(previousFinish);
      previousFinish = finished;
    }
    // The history table has Prisma's exact columns, so the Prisma CLI reads it as its own.
    const columns = await withClient(db.url, async (c) =>
      (
        await c.query<{
          column_name: string;
          data_type: string;
          is_nullable: string;
          column_default: string | null;
        }>(
          `SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns
           WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
        )
      ).rows.map((r) => `${r.column_name} ${r.data_type} ${r.is_nullable} ${r.column_default ?? ''}`.trim()),
    );
    expect(columns).toEqual([
      'id character varying NO',
      'checksum character varying NO',
      'finished_at timestamp with time zone YES',
      'migration_name character varying NO',
      'logs text YES',
      'rolled_back_at timestamp with time zone YES',
      'started_at timestamp with time zone NO now()',
      'applied_steps_count integer NO 0',
    ]);
  });

  it('is idempotent: a second run applies nothing and leaves the history as it was', async () => {
    await migrateDatabase({ databaseUrl: db.url });
    const before = await history(db.url);
    const second = await migrateDatabase({ databaseUrl: db.url });
    expect(second).toEqual({ applied: [], alreadyApplied: before.map((r) => r.migration_name) });
    expect(await history(db.url)).toEqual(before);
  });

  it('serialises concurrent migrators with the advisory lock: each migration is applied exactly once', async () => {
    const results = await Promise.all([1, 2, 3].map(() => migrateDatabase({ databaseUrl: db.url })));
    const appliedNames = results.flatMap((r) => r.applied);
    expect(appliedNames.sort()).toEqual(
      readMigrations()
        .map((m) => m.name)
        .sort(),
    );
    expect(await history(db.url)).toHaveLength(readMigrations().length);
  });

  it('applies only the new migration when one is added later', async () => {
    const dir = scratchMigrations();
    await migrateDatabase({ databaseUrl: db.url, migrationsDir: dir });
    addMigration(dir, '29990101000000_add_note', 'ALTER TABLE "Run" ADD COLUMN "note" TEXT;\n');
    const result = await migrateDatabase({ databaseUrl: db.url, migrationsDir: dir });
    expect(result.applied).toEqual(['29990101000000_add_note']);
    const noteColumn = await withClient(db.url, (c) =>
      c.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'Run' AND column_name = 'note'`),
    );
    expect(noteColumn.rowCount).toBe(1);
  });

  it('refuses, naming the file, when an applied migration was edited afterwards', async () => {
    const dir = scratchMigrations();
    await migrateDatabase({ databaseUrl: db.url, migrationsDir: dir });
    const [first] = readMigrations(dir);
    writeFileSync(join(dir, first.name, 'migration.sql'), `${first.sql}\n-- edited\n`);
    const err = await migrateDatabase({ databaseUrl: db.url, migrationsDir: dir }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MIGRATION_CHECKSUM_MISMATCH' });
    expect((err as Error).message).toContain(`${first.name}/migration.sql changed after it was applied`);
  });

  it('rolls a failing migration back completely and records nothing for it', async () => {
    const dir = scratchMigrations();
    addMigration(
      dir,
      '29990101000000_broken',
      'CREATE TABLE "Half" ("id" INTEGER);\nSELECT * FROM "NoSuchTable";\n',
    );
    const err = await migrateDatabase({ databaseUrl: db.url, migrationsDir: dir }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MIGRATION_FAILED' });
    expect((err as Error).message).toMatch(/29990101000000_broken failed and was rolled back.*NoSuchTable/);
    const rows = await history(db.url);
    expect(rows.map((r) => r.migration_name)).toEqual(readMigrations().map((m) => m.name));
    const half = await withClient(db.url, (c) => c.query(`SELECT to_regclass('"Half"') AS t`));
    expect(half.rows[0].t).toBeNull();
  });

  it('refuses a history holding an unfinished (failed) migration, as prisma migrate deploy does', async () => {
    await migrateDatabase({ databaseUrl: db.url });
    await withClient(db.url, (c) =>
      c.query(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ('00000000-0000-0000-0000-000000000001', 'x', '29990101000000_crashed')`,
      ),
    );
    expect(await codeOf(migrateDatabase({ databaseUrl: db.url }))).toBe('MIGRATION_INCOMPLETE');
  });

  it('gives up with MIGRATION_LOCKED while another session holds the migration lock', async () => {
    await withClient(db.url, async (holder) => {
      await holder.query('SELECT pg_advisory_lock(72707369)');
      expect(await codeOf(migrateDatabase({ databaseUrl: db.url, lockTimeoutMs: 500 }))).toBe(
        'MIGRATION_LOCKED',
      );
    });
  });

  it('names DATABASE_URL in one line when the server is unreachable or the URL is malformed', async () => {
    const closed = new URL(db.url);
    closed.port = '1';
    closed.password = 'secret';
    const err = await migrateDatabase({ databaseUrl: closed.href }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DB_UNREACHABLE' });
    expect((err as Error).message).toMatch(
      /^DATABASE_URL postgresql:\/\/.*:\*\*\*@.*:1\/.*no PostgreSQL answers there/,
    );
    expect((err as Error).message).not.toContain('secret');
    expect(await codeOf(migrateDatabase({ databaseUrl: 'postgres//nohost' }))).toBe('INVALID_DATABASE_URL');
  });
});
