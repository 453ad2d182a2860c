import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultMigrationsDir, readMigrations } from '../../../storage/db-migrations';

describe('readMigrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'qtm-migrations-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };

  it("reads the project's migrations in name order with Prisma's checksum (sha256 hex of the file bytes)", () => {
    const migrations = readMigrations();
    expect(migrations.length).toBeGreaterThanOrEqual(1);
    expect(migrations.map((m) => m.name)).toEqual([...migrations.map((m) => m.name)].sort());
    expect(migrations[0].name).toMatch(/^\d{14}_init$/);
    for (const m of migrations) {
      const bytes = readFileSync(join(defaultMigrationsDir(), m.name, 'migration.sql'));
      expect(m.checksum).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('orders by folder name, not by creation, and skips files beside the folders', () => {
    write('migration_lock.toml', 'provider = "postgresql"\n');
    write('20260102000000_second/migration.sql', 'SELECT 2;');
    write('20260101000000_first/migration.sql', 'SELECT 1;');
    write('README.md', 'notes');
    expect(readMigrations(dir).map((m) => [m.name, m.sql])).toEqual([
      ['20260101000000_first', 'SELECT 1;'],
      ['20260102000000_second', 'SELECT 2;'],
    ]);
  });

  it('refuses a folder without a PostgreSQL migration_lock.toml or with a migration lacking migration.sql', () => {
    expect(() => readMigrations(dir)).toThrow(/migration_lock.toml is missing/);
    write('migration_lock.toml', 'provider = "sqlite"\n');
    expect(() => readMigrations(dir)).toThrow(/names provider "sqlite"/);
    write('migration_lock.toml', 'provider = "postgresql"\n');
    mkdirSync(join(dir, '20260101000000_empty'));
    expect(() => readMigrations(dir)).toThrow(
      expect.objectContaining({
        code: 'INVALID_MIGRATIONS',
        message: expect.stringMatching(/20260101000000_empty\/migration.sql is missing/),
      }),
    );
  });
});
