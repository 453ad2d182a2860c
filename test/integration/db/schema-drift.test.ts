/**
 * The drift test: a fresh database migrated with prisma/migrations must hold exactly what schema.prisma
 * declares (tables, columns, types, nullability, defaults, enums, primary/foreign/unique keys, indexes).
 * It fails when either side changes without the other.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../runtime/project-paths';
import { migrateDatabase } from '../../../storage/migrate';
import { catalogFromDatabase } from './database-catalog';
import { createFreshDatabase, type FreshDatabase, withClient } from './fresh-database';
import { catalogDrift, catalogFromSchema } from './schema-catalog';

const schema = readFileSync(join(projectRoot(), 'prisma', 'schema.prisma'), 'utf8');

describe('schema.prisma and prisma/migrations agree', () => {
  let db: FreshDatabase;
  beforeAll(async () => {
    db = await createFreshDatabase();
    await migrateDatabase({ databaseUrl: db.url });
  });
  afterAll(() => db.drop());

  it('the migrated database holds exactly what schema.prisma declares', async () => {
    const actual = await withClient(db.url, catalogFromDatabase);
    expect(catalogDrift(catalogFromSchema(schema), actual)).toEqual([]);
    // The comparison is not vacuous: every model, enum and relation of the schema is in it.
    expect(actual.filter((l) => l.startsWith('table '))).toHaveLength(7);
    expect(actual.filter((l) => l.startsWith('enum '))).toHaveLength(4);
    expect(actual.filter((l) => l.startsWith('foreign key '))).toHaveLength(8);
  });

  it('reports a schema.prisma change that no migration carries', async () => {
    const edited = schema
      .replace('kind           String\n', 'kind           String?\n')
      .replace('  @@index([stepKey, status])\n', '');
    expect(edited).not.toBe(schema);
    const drift = catalogDrift(catalogFromSchema(edited), await withClient(db.url, catalogFromDatabase));
    expect(drift).toEqual(
      expect.arrayContaining([
        'declared in schema.prisma, missing from the database: column Run.kind text null',
        'in the database, not declared in schema.prisma: column Run.kind text not null',
        'in the database, not declared in schema.prisma: index Run_stepKey_status_idx on Run (stepKey, status)',
      ]),
    );
  });

  it('reports a database change that schema.prisma does not declare', async () => {
    const other = await createFreshDatabase();
    try {
      await migrateDatabase({ databaseUrl: other.url });
      await withClient(other.url, (c) =>
        c.query(`ALTER TABLE "Metric" ADD COLUMN "unit" TEXT;
                 DROP INDEX "Dataset_sha256_key";
                 ALTER TABLE "Run" DROP CONSTRAINT "Run_experimentId_fkey";
                 ALTER TABLE "Run" ADD CONSTRAINT "Run_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
                 ALTER TYPE "RunStatus" ADD VALUE 'PAUSED';`),
      );
      const drift = catalogDrift(catalogFromSchema(schema), await withClient(other.url, catalogFromDatabase));
      expect(drift.sort()).toEqual(
        [
          'declared in schema.prisma, missing from the database: enum "RunStatus" (RUNNING, SUCCEEDED, FAILED)',
          'declared in schema.prisma, missing from the database: foreign key Run_experimentId_fkey Run (experimentId) -> Experiment (id) on delete CASCADE on update CASCADE',
          'declared in schema.prisma, missing from the database: unique index Dataset_sha256_key on Dataset (sha256)',
          'in the database, not declared in schema.prisma: column Metric.unit text null',
          'in the database, not declared in schema.prisma: enum "RunStatus" (RUNNING, SUCCEEDED, FAILED, PAUSED)',
          'in the database, not declared in schema.prisma: foreign key Run_experimentId_fkey Run (experimentId) -> Experiment (id) on delete RESTRICT on update CASCADE',
        ].sort(),
      );
    } finally {
      await other.drop();
    }
  });
});
