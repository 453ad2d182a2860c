/**
 * PostgreSQL failure families: node-postgres (a server error with its SQLSTATE, or a lost connection that
 * only its message names) and Prisma (P-codes, and the kind or SQLSTATE its PostgreSQL driver adapter
 * reports in meta.driverAdapterError). Sources: PostgreSQL's Appendix A (SQLSTATE classes), Prisma's error
 * reference, @prisma/adapter-pg 7's error conversion.
 */
import { type ErrorFields, permanent, transient, type Verdict } from './failure-verdict';

// PostgreSQL SQLSTATE classes (PostgreSQL documentation, Appendix A).
const SQLSTATE_TRANSIENT_CLASSES = new Set(['08', '40', '53', '57', '58']);
const SQLSTATE_PERMANENT: Record<string, string> = {
  '28': 'PostgreSQL refused the user or password; fix DATABASE_URL',
  '3D': 'the database named in DATABASE_URL does not exist; create it or fix DATABASE_URL',
  '23': 'a row broke a database constraint (a duplicate or a dangling reference)',
  '42': 'a query names a table or column the database lacks, or lacks the privilege; run `qtm db migrate`',
  '22': 'a value does not fit its database column',
  '0A': 'the database server lacks a feature the project needs',
  '25': 'a query ran in a transaction that had already failed',
};

export function sqlstateVerdict(sqlstate: string): Verdict {
  const code = `PG:${sqlstate}`;
  const cls = sqlstate.slice(0, 2);
  if (SQLSTATE_TRANSIENT_CLASSES.has(cls) || sqlstate === '55P03')
    return transient(
      code,
      `PostgreSQL is restarting, overloaded or aborted a conflicting transaction (${sqlstate})`,
    );
  const why = SQLSTATE_PERMANENT[cls];
  return why === undefined
    ? transient(code, `PostgreSQL answered ${sqlstate}`)
    : permanent(code, `${why} (${sqlstate})`);
}

/** node-postgres: a server error (5-character SQLSTATE with a severity) or a lost connection (message only). */
export function pgVerdict(err: ErrorFields): Verdict | undefined {
  if (typeof err.code === 'string' && typeof err.severity === 'string' && /^[0-9A-Z]{5}$/.test(err.code))
    return sqlstateVerdict(err.code);
  const message = typeof err.message === 'string' ? err.message : '';
  if (
    /^Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
      message,
    )
  )
    return transient('PG:CONNECTION_LOST', 'the connection to PostgreSQL was lost');
  return undefined;
}

// Prisma error codes (Prisma's error reference) and the kinds its PostgreSQL driver adapter reports.
const PRISMA_TRANSIENT = new Set([
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  'P1018',
  'P2024',
  'P2028',
  'P2034',
  'P2037',
]);
const PRISMA_PERMANENT: Record<string, string> = {
  P1000: 'PostgreSQL refused the user or password; fix DATABASE_URL',
  P1003: 'the database named in DATABASE_URL does not exist; create it or fix DATABASE_URL',
  P1010: 'PostgreSQL denied the user access to the database; grant it or fix DATABASE_URL',
  P1011: 'the TLS connection to PostgreSQL failed; check the server certificate and DATABASE_URL',
  P2000: 'a value is too long for its database column',
  P2002: 'a row would duplicate a unique key',
  P2003: 'a row refers to a row that does not exist',
  P2004: 'a row broke a database constraint',
  P2007: 'a value is invalid for its database column',
  P2011: 'a required database column was left empty',
  P2021: 'a database table is missing; run `qtm db migrate`',
  P2022: 'a database column is missing; run `qtm db migrate`',
  P2025: 'a row to update or delete does not exist',
};
const ADAPTER_KINDS: Record<string, string> = {
  DatabaseNotReachable: 'P1001',
  SocketTimeout: 'P1008',
  ConnectionClosed: 'P1017',
  TransactionAlreadyClosed: 'P1018',
  TransactionWriteConflict: 'P2034',
  TooManyConnections: 'P2037',
  AuthenticationFailed: 'P1000',
  DatabaseDoesNotExist: 'P1003',
  DatabaseAccessDenied: 'P1010',
  TlsConnectionError: 'P1011',
  LengthMismatch: 'P2000',
  UniqueConstraintViolation: 'P2002',
  ForeignKeyConstraintViolation: 'P2003',
  RestrictViolation: 'P2003',
  NullConstraintViolation: 'P2011',
  TableDoesNotExist: 'P2021',
  ColumnNotFound: 'P2022',
};

function prismaCodeVerdict(pcode: string): Verdict | undefined {
  if (PRISMA_TRANSIENT.has(pcode))
    return transient(`PRISMA:${pcode}`, `PostgreSQL is unreachable, restarting or busy (${pcode})`);
  const why = PRISMA_PERMANENT[pcode];
  return why === undefined ? undefined : permanent(`PRISMA:${pcode}`, `${why} (${pcode})`);
}

export function prismaVerdict(err: ErrorFields): Verdict | undefined {
  if (typeof err.name !== 'string' || !err.name.startsWith('PrismaClient')) return undefined;
  // The driver adapter's own report is the most specific: a kind, or the server's SQLSTATE.
  const adapter = err.meta?.driverAdapterError?.cause;
  if (adapter !== undefined) {
    const mapped = typeof adapter.kind === 'string' ? ADAPTER_KINDS[adapter.kind] : undefined;
    if (mapped !== undefined) return prismaCodeVerdict(mapped);
    const sqlstate = adapter.originalCode ?? adapter.code;
    if (typeof sqlstate === 'string' && /^[0-9A-Z]{5}$/.test(sqlstate)) return sqlstateVerdict(sqlstate);
  }
  const pcode = typeof err.code === 'string' ? err.code : err.errorCode;
  if (typeof pcode === 'string') {
    const verdict = prismaCodeVerdict(pcode);
    if (verdict !== undefined) return verdict;
  }
  if (err.name === 'PrismaClientRustPanicError')
    return transient('PRISMA:PANIC', 'the Prisma query engine crashed');
  if (err.name === 'PrismaClientValidationError')
    return permanent('PRISMA:VALIDATION', 'Prisma refused the query (a bug)');
  return undefined;
}
