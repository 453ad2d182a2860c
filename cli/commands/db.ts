/** `qtm db migrate`: bring the results database at DATABASE_URL up to prisma/migrations. */
import type { Command } from 'commander';
import { loadSettings } from '../../runtime/settings';
import { migrateDatabase } from '../../storage/migrate';

/** Applies pending migrations and reports each one through `say`; exported for tests. */
export async function migrateAndReport(databaseUrl: string, say: (line: string) => void): Promise<void> {
  const { applied, alreadyApplied } = await migrateDatabase({ databaseUrl });
  for (const name of applied) say(`applied ${name}`);
  say(`database is up to date: ${applied.length} applied now, ${alreadyApplied.length} already applied`);
}

export function registerDb(program: Command): void {
  const db = program.command('db').description('the results database (PostgreSQL, Prisma schema in prisma/)');
  db.command('migrate')
    .description(
      'apply pending prisma/migrations, recorded in _prisma_migrations as `prisma migrate deploy` does',
    )
    .action(() => migrateAndReport(loadSettings().databaseUrl, (line) => process.stdout.write(`${line}\n`)));
}
