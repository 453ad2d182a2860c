/**
 * What a failed results query means for a person: the server cannot be reached (DB_UNREACHABLE, ...), the
 * database was never migrated (DB_NOT_MIGRATED), or a row refers to one that does not exist
 * (RESULT_NOT_FOUND). Anything else is returned unchanged, keeping its stack for a bug report.
 */
import { Prisma } from '../prisma/generated/client';
import { connectionFailure } from './db-connection';
import { DatabaseError } from './db-error';

// Prisma's codes: P2021/P2022 table/column missing, P2003 foreign key violated, P2025 row to update missing.
const NOT_MIGRATED = new Set(['P2021', 'P2022']);
const NOT_FOUND = new Set(['P2003', 'P2025']);

export function explainQueryError(err: unknown, url: URL): unknown {
  if (err instanceof DatabaseError) return err;
  const failure = connectionFailure(err, url);
  if (failure !== undefined) return failure;
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return err;
  if (NOT_MIGRATED.has(err.code)) {
    return new DatabaseError(
      'DB_NOT_MIGRATED',
      "the results database at DATABASE_URL lacks the project's tables or columns; run `qtm db migrate`",
      { cause: err },
    );
  }
  if (NOT_FOUND.has(err.code)) {
    const detail = err.message.trim().split('\n').pop();
    return new DatabaseError(
      'RESULT_NOT_FOUND',
      `a referenced experiment, run, dataset or artifact does not exist (${detail})`,
      {
        cause: err,
      },
    );
  }
  return err;
}
