/**
 * The migration folder in Prisma's layout: prisma/migrations/<timestamp>_<name>/migration.sql plus
 * migration_lock.toml. The checksum is the sha256 hex of the file's bytes, the value `prisma migrate deploy`
 * stores in _prisma_migrations.checksum, so either tool recognises the other's history.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../perfusion/sha256';
import { projectRoot } from '../runtime/project-paths';
import { DatabaseError } from './db-error';

export interface MigrationScript {
  /** folder name, e.g. 20261129100000_init; the order of application is the sort order of these names */
  name: string;
  sql: string;
  /** sha256 hex of migration.sql's bytes */
  checksum: string;
}

export function defaultMigrationsDir(): string {
  return join(projectRoot(), 'prisma', 'migrations');
}

/** Reads every migration in name order; INVALID_MIGRATIONS when the folder is not a PostgreSQL migration folder. */
export function readMigrations(dir: string = defaultMigrationsDir()): MigrationScript[] {
  const lockFile = join(dir, 'migration_lock.toml');
  if (!existsSync(lockFile)) {
    throw new DatabaseError(
      'INVALID_MIGRATIONS',
      `${lockFile} is missing; is ${dir} a Prisma migrations folder?`,
    );
  }
  const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(readFileSync(lockFile, 'utf8'))?.[1];
  if (provider !== 'postgresql') {
    throw new DatabaseError(
      'INVALID_MIGRATIONS',
      `${lockFile} names provider "${provider ?? ''}"; these migrations are not for PostgreSQL`,
    );
  }
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = join(dir, name, 'migration.sql');
      if (!existsSync(file))
        throw new DatabaseError(
          'INVALID_MIGRATIONS',
          `${file} is missing; every migration folder holds one migration.sql`,
        );
      const bytes = readFileSync(file);
      return {
        name,
        sql: bytes.toString('utf8'),
        checksum: sha256Hex(bytes),
      };
    });
}
