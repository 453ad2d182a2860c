/**
 * What a PostgreSQL database actually holds, read from pg_catalog and written as the same lines as
 * schema-catalog.ts, so the two compare as sets. _prisma_migrations (the history, not the model) and
 * CHECK constraints (Prisma cannot declare them) are left out.
 */
import type { Client } from 'pg';
import { pgTypeName } from './schema-catalog';

const fkActions: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

const TABLES = `
  SELECT c.oid, c.relname FROM pg_class c
  WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'`;

export async function catalogFromDatabase(client: Client): Promise<string[]> {
  const lines: string[] = [];
  const enums = await client.query<{ name: string; values: string[] }>(`
    SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
    WHERE t.typnamespace = current_schema()::regnamespace GROUP BY t.typname`);
  for (const e of enums.rows) lines.push(`enum ${pgTypeName(e.name)} (${e.values.join(', ')})`);

  const tables = await client.query<{ relname: string }>(TABLES);
  for (const t of tables.rows) lines.push(`table ${t.relname}`);

  const columns = await client.query<{
    table: string;
    column: string;
    type: string;
    notnull: boolean;
    def: string | null;
  }>(`
    SELECT t.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS def
    FROM (${TABLES}) t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef d ON d.adrelid = t.oid AND d.adnum = a.attnum`);
  for (const c of columns.rows) {
    lines.push(
      `column ${c.table}.${c.column} ${c.type} ${c.notnull ? 'not null' : 'null'}${c.def === null ? '' : ` default ${c.def}`}`,
    );
  }

  const indexes = await client.query<{
    name: string;
    table: string;
    unique: boolean;
    primary: boolean;
    columns: string[];
  }>(`
    SELECT i.relname AS name, t.relname AS table, x.indisunique AS unique, x.indisprimary AS primary,
           array(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
    FROM (${TABLES}) t JOIN pg_index x ON x.indrelid = t.oid JOIN pg_class i ON i.oid = x.indexrelid`);
  for (const i of indexes.rows) {
    const kind = i.primary ? 'primary key' : i.unique ? 'unique index' : 'index';
    lines.push(`${kind} ${i.name} on ${i.table} (${i.columns.join(', ')})`);
  }

  const keys = await client.query<{
    name: string;
    table: string;
    columns: string[];
    ref: string;
    refcolumns: string[];
    del: string;
    upd: string;
  }>(`
    SELECT c.conname AS name, t.relname AS table, r.relname AS ref, c.confdeltype AS del, c.confupdtype AS upd,
           array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
           array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS refcolumns
    FROM (${TABLES}) t JOIN pg_constraint c ON c.conrelid = t.oid AND c.contype = 'f'
    JOIN pg_class r ON r.oid = c.confrelid`);
  for (const k of keys.rows) {
    lines.push(
      `foreign key ${k.name} ${k.table} (${k.columns.join(', ')}) -> ${k.ref} (${k.refcolumns.join(', ')}) on delete ${fkActions[k.del]} on update ${fkActions[k.upd]}`,
    );
  }
  return lines.sort();
}
