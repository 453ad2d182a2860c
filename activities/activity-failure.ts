/**
 * How an activity's error reaches Temporal. Bad input (a stable code the user must act on) becomes a
 * non-retryable ApplicationFailure carrying that code, so the workflow fails fast with a message a person can
 * act on. Infrastructure faults (a server unreachable, out of memory, anything without a code) are rethrown
 * as they are and retried with backoff.
 */
import { ApplicationFailure } from '@temporalio/activity';

const RETRYABLE_CODES = new Set([
  'DB_UNREACHABLE',
  'S3_UNREACHABLE',
  'TEMPORAL_UNREACHABLE',
  'OUT_OF_MEMORY',
  'ECONNRESET',
  'ECONNREFUSED',
]);

export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) ? code : undefined;
}

export function toActivityFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  const code = errorCode(err);
  if (code === undefined || RETRYABLE_CODES.has(code)) return err;
  return ApplicationFailure.create({
    message: (err as Error).message,
    type: code,
    nonRetryable: true,
    cause: err as Error,
  });
}

/** Runs `fn` (sync or async) and turns what it throws into what Temporal should see (toActivityFailure). */
export function withActivityFailure<T>(fn: () => T): T {
  try {
    const result = fn();
    if (result instanceof Promise)
      return result.catch((err: unknown) => {
        throw toActivityFailure(err);
      }) as T;
    return result;
  } catch (err) {
    throw toActivityFailure(err);
  }
}
