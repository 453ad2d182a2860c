/**
 * What schema.prisma declares, written as the lines PostgreSQL's catalog would show after migrating
 * (see database-catalog.ts for the other side). A small parser of the Prisma schema language, enough for
 * the constructs this project uses; anything else throws, so a new construct fails the drift test loudly
 * instead of being ignored. Mapping rules are Prisma's PostgreSQL defaults (types, names, FK actions).
 */

interface Attribute {
  name: string;
  args: string;
}

const scalarTypes: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};
const nativeTypes: Record<string, (arg: string) => string> = {
  Uuid: () => 'uuid',
  Text: () => 'text',
  Char: (n) => `character(${n})`,
  VarChar: (n) => `character varying(${n})`,
  Timestamptz: (n) => `timestamp(${n || 3}) with time zone`,
};
const fkActions: Record<string, string> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

/** "name" as PostgreSQL's format_type prints a type name: quoted unless it is a plain lower-case word. */
export function pgTypeName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name}"`;
}

function parseAttributes(text: string, where: string): Attribute[] {
  const attributes: Attribute[] = [];
  let rest = text.trim();
  while (rest !== '') {
    const head = /^(@@?[\w.]+)/.exec(rest);
    if (!head) throw new Error(`${where}: cannot read "${rest}"`);
    rest = rest.slice(head[1].length);
    let args = '';
    if (rest.startsWith('(')) {
      let depth = 0;
      let end = 0;
      for (; end < rest.length; end++) {
        if (rest[end] === '(') depth++;
        else if (rest[end] === ')' && --depth === 0) break;
      }
      args = rest.slice(1, end);
      rest = rest.slice(end + 1);
    }
    attributes.push({ name: head[1], args: args.trim() });
    rest = rest.trim();
  }
  return attributes;
}

/** Named list argument, e.g. fields: [a, b]; the first bare list when `key` is undefined. */
function listArg(args: string, key?: string): string[] | undefined {
  const match = (key === undefined ? /^\s*\[([^\]]*)\]/ : new RegExp(`${key}\\s*:\\s*\\[([^\\]]*)\\]`)).exec(
    args,
  );
  return match?.[1]
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function checkArgs(args: string, allowed: string[], where: string): void {
  for (const [, key] of args.matchAll(/(\w+)\s*:/g))
    if (!allowed.includes(key))
      throw new Error(`${where}: argument "${key}" is not supported by the drift test`);
}

function blocks(source: string): Array<{ kind: string; name: string; body: string[] }> {
  const text = source.replace(/\/\/.*$/gm, '');
  return [...text.matchAll(/^\s*(\w+)\s+(\w+)\s*\{([^}]*)\}/gm)].map((m) => ({
    kind: m[1],
    name: m[2],
    body: m[3]
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== ''),
  }));
}

/** The catalog lines (sorted) that a database migrated to `schemaSource` must show. */
export function catalogFromSchema(schemaSource: string): string[] {
  const parsed = blocks(schemaSource);
  const enums = new Map(parsed.filter((b) => b.kind === 'enum').map((b) => [b.name, b.body]));
  const models = new Set(parsed.filter((b) => b.kind === 'model').map((b) => b.name));
  const lines: string[] = [];
  for (const [name, values] of enums) {
    for (const v of values)
      if (!/^\w+$/.test(v)) throw new Error(`enum ${name}: "${v}" is not supported by the drift test`);
    lines.push(`enum ${pgTypeName(name)} (${values.join(', ')})`);
  }
  for (const block of parsed) {
    if (block.kind === 'enum' || block.kind === 'generator' || block.kind === 'datasource') continue;
    if (block.kind !== 'model')
      throw new Error(`${block.kind} ${block.name}: not supported by the drift test`);
    const table = block.name;
    lines.push(`table ${table}`);
    for (const line of block.body) {
      const where = `model ${table}: ${line}`;
      if (line.startsWith('@@')) {
        for (const attr of parseAttributes(line, where)) {
          checkArgs(attr.args, [], where);
          const columns = listArg(attr.args);
          if (columns === undefined) throw new Error(`${where}: expected a field list`);
          const kind = { '@@index': 'index', '@@unique': 'unique index', '@@id': 'primary key' }[attr.name];
          if (kind === undefined)
            throw new Error(`${where}: ${attr.name} is not supported by the drift test`);
          const suffix = { index: 'idx', 'unique index': 'key', 'primary key': 'pkey' }[kind];
          const name = kind === 'primary key' ? `${table}_pkey` : `${table}_${columns.join('_')}_${suffix}`;
          lines.push(`${kind} ${name} on ${table} (${columns.join(', ')})`);
        }
        continue;
      }
      const field = /^(\w+)\s+(\w+)(\?|\[\])?\s*(.*)$/.exec(line);
      if (!field) throw new Error(`${where}: cannot read this field`);
      const [, column, type, modifier, rest] = field;
      const attributes = parseAttributes(rest, where);
      if (models.has(type)) {
        const relation = attributes.find((a) => a.name === '@relation');
        const fields = relation && listArg(relation.args, 'fields');
        if (relation && fields) {
          checkArgs(relation.args, ['fields', 'references', 'onDelete', 'onUpdate'], where);
          const references = listArg(relation.args, 'references') ?? [];
          const onDelete =
            /onDelete\s*:\s*(\w+)/.exec(relation.args)?.[1] ?? (modifier === '?' ? 'SetNull' : 'Restrict');
          const onUpdate = /onUpdate\s*:\s*(\w+)/.exec(relation.args)?.[1] ?? 'Cascade';
          lines.push(
            `foreign key ${table}_${fields.join('_')}_fkey ${table} (${fields.join(', ')}) -> ${type} (${references.join(', ')}) on delete ${fkActions[onDelete]} on update ${fkActions[onUpdate]}`,
          );
        }
        continue;
      }
      if (modifier === '[]') throw new Error(`${where}: scalar lists are not supported by the drift test`);
      let pgType = enums.has(type) ? pgTypeName(type) : scalarTypes[type];
      if (pgType === undefined) throw new Error(`${where}: type ${type} is not supported by the drift test`);
      let columnDefault = '';
      for (const attr of attributes) {
        if (attr.name === '@id') lines.push(`primary key ${table}_pkey on ${table} (${column})`);
        else if (attr.name === '@unique')
          lines.push(`unique index ${table}_${column}_key on ${table} (${column})`);
        else if (attr.name.startsWith('@db.')) {
          const native = nativeTypes[attr.name.slice(4)];
          if (native === undefined)
            throw new Error(`${where}: ${attr.name} is not supported by the drift test`);
          pgType = native(attr.args);
        } else if (attr.name === '@default')
          columnDefault = defaultExpression(attr.args, table, column, type, enums.has(type), where);
        else if (attr.name !== '@updatedAt')
          throw new Error(`${where}: ${attr.name} is not supported by the drift test`);
      }
      lines.push(
        `column ${table}.${column} ${pgType} ${modifier === '?' ? 'null' : 'not null'}${columnDefault ? ` default ${columnDefault}` : ''}`,
      );
    }
  }
  return lines.sort();
}

/** The default as pg_get_expr prints it; '' for defaults Prisma fills in on the client (uuid(), cuid()). */
function defaultExpression(
  args: string,
  table: string,
  column: string,
  type: string,
  isEnum: boolean,
  where: string,
): string {
  if (args === 'now()') return 'CURRENT_TIMESTAMP';
  if (args === 'autoincrement()') return `nextval('"${table}_${column}_seq"'::regclass)`;
  if (args === 'uuid()' || args === 'cuid()') return '';
  if (isEnum && /^\w+$/.test(args)) return `'${args}'::${pgTypeName(type)}`;
  if (/^-?\d+(\.\d+)?$/.test(args) || args === 'true' || args === 'false') return args;
  throw new Error(`${where}: @default(${args}) is not supported by the drift test`);
}

/** Human-readable differences between the declared and the actual catalog; empty when they agree. */
export function catalogDrift(declared: string[], actual: string[]): string[] {
  const inDatabase = new Set(actual);
  const inSchema = new Set(declared);
  return [
    ...declared
      .filter((l) => !inDatabase.has(l))
      .map((l) => `declared in schema.prisma, missing from the database: ${l}`),
    ...actual
      .filter((l) => !inSchema.has(l))
      .map((l) => `in the database, not declared in schema.prisma: ${l}`),
  ];
}
