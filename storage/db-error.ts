/**
 * A results-database problem a person can act on: a bad or unreachable DATABASE_URL, a migration history
 * that does not match prisma/migrations, or a result row that contradicts one already stored. The stable
 * `code` lets the CLI print one line and lets activities map the error to a non-retryable failure.
 */
import { CodedError } from '../perfusion/errors';

export class DatabaseError extends CodedError {
  override readonly name = 'DatabaseError';
}
