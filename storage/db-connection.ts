/**
 * DATABASE_URL checking and connection-failure wording shared by the migrator (node-postgres) and the
 * results repository (Prisma + adapter-pg), so both say the same thing: which setting to fix, where it
 * points (password redacted), and what the server answered.
 */
import { DatabaseError } from './db-error';

/** Parses DATABASE_URL; INVALID_DATABASE_URL when it is not postgresql://user[:password]@host[:port]/database. */
export function parseDatabaseUrl(databaseUrl: string): URL {
  const fail = (why: string): never => {
    throw new DatabaseError(
      'INVALID_DATABASE_URL',
      `DATABASE_URL ${why}; expected postgresql://user:password@host:port/database`,
    );
  };
  if (databaseUrl.trim() === '') fail('is empty');
  if (!URL.canParse(databaseUrl)) fail('is not a URL');
  const url = new URL(databaseUrl);
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') fail(`has scheme "${url.protocol}"`);
  if (url.hostname === '') fail('names no host');
  if (url.pathname.length < 2 || url.pathname.indexOf('/', 1) !== -1) fail('names no single database');
  return url;
}

/** The URL as it may appear in a message: the password replaced by ***. */
export function redactDatabaseUrl(url: URL): string {
  const shown = new URL(url.href);
  if (shown.password !== '') shown.password = '***';
  return shown.href;
}

type FailureKind = 'unreachable' | 'access-denied' | 'no-database';

// adapter-pg reports connection failures as a DriverAdapterError `kind` inside Prisma's error meta.
const adapterKinds: Record<string, FailureKind> = {
  DatabaseNotReachable: 'unreachable',
  SocketTimeout: 'unreachable',
  DatabaseAccessDenied: 'access-denied',
  AuthenticationFailed: 'access-denied',
  DatabaseDoesNotExist: 'no-database',
};
// node-postgres passes through Node socket errnos and PostgreSQL SQLSTATEs.
const errorCodes: Record<string, FailureKind> = {
  ECONNREFUSED: 'unreachable',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
  ETIMEDOUT: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ECONNRESET: 'unreachable',
  '57P03': 'unreachable', // cannot_connect_now: the server is starting up or shutting down
  '28P01': 'access-denied',
  '28000': 'access-denied',
  '3D000': 'no-database',
};

interface Failure {
  kind: FailureKind;
  /** what the server or socket said, when it said something beyond the kind */
  detail?: string;
}

function classify(err: unknown): Failure | undefined {
  // Duck-typed, not `instanceof Error`: socket errors may come from another realm (e.g. under jest).
  if (typeof err !== 'object' || err === null) return undefined;
  const {
    code,
    message = '',
    meta,
  } = err as {
    code?: unknown;
    message?: string;
    meta?: { driverAdapterError?: { cause?: { kind?: string; originalMessage?: string } } };
  };
  const cause = meta?.driverAdapterError?.cause;
  if (cause?.kind !== undefined && cause.kind in adapterKinds)
    return { kind: adapterKinds[cause.kind], detail: cause.originalMessage };
  if (typeof code === 'string' && code in errorCodes)
    return { kind: errorCodes[code], detail: message || code };
  // pg's connectionTimeoutMillis fires with a plain Error and this message only.
  if (/timeout.*connect|connect.*timeout/i.test(message)) return { kind: 'unreachable', detail: message };
  return undefined;
}

/**
 * The DatabaseError for a failure to connect (DB_UNREACHABLE, DB_ACCESS_DENIED, DB_NOT_FOUND), or
 * undefined when `err` is something else (a query error, a bug), which the caller then rethrows as is.
 */
export function connectionFailure(err: unknown, url: URL): DatabaseError | undefined {
  const failure = classify(err);
  if (failure === undefined) return undefined;
  const where = redactDatabaseUrl(url);
  const detail = failure.detail ? ` (${failure.detail})` : '';
  switch (failure.kind) {
    case 'unreachable':
      return new DatabaseError(
        'DB_UNREACHABLE',
        `DATABASE_URL ${where}: no PostgreSQL answers there${detail}; start it with \`qtm stack up\` or fix DATABASE_URL`,
        { cause: err },
      );
    case 'access-denied':
      return new DatabaseError(
        'DB_ACCESS_DENIED',
        `DATABASE_URL ${where}: the server refused user "${decodeURIComponent(url.username)}"${detail}; fix the user or password in DATABASE_URL`,
        { cause: err },
      );
    case 'no-database':
      return new DatabaseError(
        'DB_NOT_FOUND',
        `DATABASE_URL ${where}: database "${decodeURIComponent(url.pathname.slice(1))}" does not exist; create it or fix DATABASE_URL`,
        { cause: err },
      );
  }
}
