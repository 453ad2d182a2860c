/**
 * How an activity's error reaches Temporal. Bad input (a CodedError the user must act on: a format, config
 * or science-input error) and permanent infrastructure errors (credentials, a missing bucket or database,
 * a constraint violation) become non-retryable ApplicationFailures with a message saying what to fix.
 * Transient faults (connection errors, timeouts, 5xx and throttling from S3, PostgreSQL, Prisma and
 * Temporal, a crashed worker thread) become retryable ApplicationFailures: the workflow retries them with
 * capped exponential backoff and no attempt limit, bounded by the step's schedule-to-close timeout. An
 * error no family recognises is retried too (and shown as the step's last failure), since ending a
 * multi-day experiment on an unknown fault costs more than retrying it.
 */
import { ApplicationFailure, CancelledFailure } from '@temporalio/activity';
import { CodedError } from '../perfusion/errors';
import { grpcVerdict, httpVerdict, networkVerdict, s3Verdict } from './failure-network';
import { pgVerdict, prismaVerdict } from './failure-postgres';
import { type ErrorFields, permanent, transient, type Verdict } from './failure-verdict';

// The project's codes for faults of the servers or the worker itself.
const TRANSIENT_CODES = new Set([
  'DB_UNREACHABLE',
  'S3_UNREACHABLE',
  'TEMPORAL_UNREACHABLE',
  'POOL_CLOSED',
  'WORKER_CRASHED',
  'WORKER_TASK_FAILED',
]);
// The project's codes for infrastructure that is misconfigured or contradicts itself: no retry helps.
const PERMANENT_CODES = new Set([
  'DB_ACCESS_DENIED',
  'DB_NOT_FOUND',
  'DB_NOT_MIGRATED',
  'INVALID_DATABASE_URL',
  'INVALID_SETTING',
  'S3_CREDENTIALS',
  'S3_NO_BUCKET',
  'RESULT_CONFLICT',
  'RESULT_NOT_FOUND',
  'OBJECT_NOT_FOUND',
  'CORRUPT_OBJECT',
  'BACKEND_UNAVAILABLE',
]);

const FAMILIES = [s3Verdict, prismaVerdict, pgVerdict, grpcVerdict, networkVerdict, httpVerdict];

function projectVerdict(err: CodedError): Verdict {
  if (TRANSIENT_CODES.has(err.code)) return transient(err.code, 'a server or the worker failed');
  if (PERMANENT_CODES.has(err.code)) return permanent(err.code, 'the infrastructure is misconfigured');
  return { failureClass: 'bad-input', code: err.code, what: 'bad input' };
}

/** The class of a failure: the error itself decides, else the first of its causes that a family knows. */
export function classifyFailure(err: unknown): Verdict {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
    if (current instanceof CodedError) return projectVerdict(current);
    for (const family of FAMILIES) {
      const verdict = family(current as ErrorFields);
      if (verdict !== undefined) return verdict;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return transient('UNCLASSIFIED', 'an error no failure family recognises');
}

/** What Temporal should see: cancellations and ApplicationFailures as they are, anything else classified. */
export function toActivityFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure || err instanceof CancelledFailure) return err;
  const verdict = classifyFailure(err);
  const message = err instanceof Error ? err.message : String(err);
  const retryable = verdict.failureClass === 'transient';
  return ApplicationFailure.create({
    type: verdict.code,
    message:
      verdict.failureClass === 'bad-input'
        ? message
        : `${verdict.what}; ${retryable ? 'retrying' : 'not retried'}: ${message}`,
    nonRetryable: !retryable,
    cause: err instanceof Error ? err : undefined,
  });
}
