/**
 * The drift test's schema side (test/integration/db/schema-catalog.ts) without a database: it reads the real
 * schema.prisma as Prisma maps it to PostgreSQL, and any edit to a copy of the schema changes its catalog,
 * so the integration drift test cannot pass when schema.prisma changes without a migration.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../runtime/project-paths';
import { catalogDrift, catalogFromSchema } from '../../integration/db/schema-catalog';

const schema = readFileSync(join(projectRoot(), 'prisma', 'schema.prisma'), 'utf8');
const declared = catalogFromSchema(schema);

describe('catalogFromSchema (schema.prisma as PostgreSQL will hold it)', () => {
  it('maps types, nullability, defaults, keys and relations the way Prisma does for PostgreSQL', () => {
    expect(declared).toEqual(
      expect.arrayContaining([
        'table Run',
        'column Run.id uuid not null',
        'column Run.stepKey character(64) null',
        'column Run.attempt integer not null default 1',
        'column Run.status "RunStatus" not null default \'RUNNING\'::"RunStatus"',
        'column Run.startedAt timestamp(3) without time zone not null default CURRENT_TIMESTAMP',
        'column Experiment.updatedAt timestamp(3) without time zone not null',
        'column Experiment.config jsonb not null',
        'column Dataset.byteSize bigint not null',
        'column Metric.value double precision not null',
        `column LineageEdge.id bigint not null default nextval('"LineageEdge_id_seq"'::regclass)`,
        'enum "LineageDirection" (USED, PRODUCED)',
        'primary key Run_pkey on Run (id)',
        'unique index Dataset_sha256_key on Dataset (sha256)',
        'unique index LineageEdge_runId_direction_datasetId_key on LineageEdge (runId, direction, datasetId)',
        'index Run_stepKey_status_idx on Run (stepKey, status)',
        'foreign key Run_experimentId_fkey Run (experimentId) -> Experiment (id) on delete CASCADE on update CASCADE',
        'foreign key Dataset_producedByRunId_fkey Dataset (producedByRunId) -> Run (id) on delete SET NULL on update CASCADE',
      ]),
    );
    // relation list fields (Run.metrics, ...) are not columns
    expect(declared.some((l) => l.startsWith('column Run.metrics'))).toBe(false);
  });

  it.each([
    [
      'a field made optional',
      'errorCode      String?',
      'errorCode      String',
      'column Run.errorCode text not null',
    ],
    [
      'a native type changed',
      'configHash  String           @db.Char(64)',
      'configHash  String           @db.VarChar(64)',
      'column Experiment.configHash character varying(64) not null',
    ],
    [
      'a unique key dropped',
      'sha256          String        @unique @db.Char(64)\n  kind            String\n  objectKey       String\n  byteSize        BigInt\n  /// the first',
      'sha256          String        @db.Char(64)\n  kind            String\n  objectKey       String\n  byteSize        BigInt\n  /// the first',
      'unique index Dataset_sha256_key on Dataset (sha256)',
    ],
    [
      'an index dropped',
      '  @@index([configHash])\n',
      '',
      'index Experiment_configHash_idx on Experiment (configHash)',
    ],
    [
      'a delete rule changed',
      'references: [id], onDelete: Cascade)\n  /// step name',
      'references: [id], onDelete: Restrict)\n  /// step name',
      'foreign key Run_experimentId_fkey Run (experimentId) -> Experiment (id) on delete RESTRICT on update CASCADE',
    ],
    [
      'an enum value added',
      '  USED\n  PRODUCED\n',
      '  USED\n  PRODUCED\n  DERIVED\n',
      'enum "LineageDirection" (USED, PRODUCED, DERIVED)',
    ],
    [
      'a default changed',
      'attempt        Int             @default(1)',
      'attempt        Int             @default(0)',
      'column Run.attempt integer not null default 0',
    ],
    [
      'a column added',
      '  fold      Int?\n',
      '  fold      Int?\n  unit      String?\n',
      'column Metric.unit text null',
    ],
  ])('%s shows up as drift', (_what, from, to, line) => {
    expect(schema).toContain(from);
    const drift = catalogDrift(catalogFromSchema(schema.replace(from, to)), declared);
    expect(drift.length).toBeGreaterThan(0);
    expect(drift.join('\n')).toContain(line);
  });

  it('throws on schema constructs it does not model, instead of ignoring them', () => {
    expect(() =>
      catalogFromSchema(
        schema.replace(
          '  name      String\n  value     Float',
          '  name      String @map("metric_name")\n  value     Float',
        ),
      ),
    ).toThrow(/@map is not supported/);
    expect(() =>
      catalogFromSchema(schema.replace('  @@index([configHash])', '  @@index([configHash], map: "m")')),
    ).toThrow(/argument "map" is not supported/);
    expect(() => catalogFromSchema(`${schema}\nview Totals {\n  n Int\n}\n`)).toThrow(
      /view Totals: not supported/,
    );
  });
});
