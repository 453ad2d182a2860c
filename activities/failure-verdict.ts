/**
 * A failure's class: bad input and permanent infrastructure errors are not retried (a person must act),
 * transient ones are retried with backoff until the step's schedule-to-close timeout. The families that
 * recognise library errors are failure-network.ts (sockets, HTTP, S3, Temporal's gRPC) and
 * failure-postgres.ts (node-postgres, Prisma).
 */
export type FailureClass = 'bad-input' | 'permanent' | 'transient';

export interface Verdict {
  failureClass: FailureClass;
  /** stable code: the project's own, or the library's prefixed by its family (S3:SlowDown, PG:57P01, ...) */
  code: string;
  /** what happened in words, with how to fix it when it is permanent */
  what: string;
}

/** The fields the families look at; every one optional, since any object may be thrown. */
export type ErrorFields = {
  name?: unknown;
  code?: unknown;
  errorCode?: unknown;
  message?: unknown;
  severity?: unknown;
  details?: unknown;
  metadata?: unknown;
  statusCode?: unknown;
  status?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown; code?: unknown } } };
};

export const transient = (code: string, what: string): Verdict => ({ failureClass: 'transient', code, what });
export const permanent = (code: string, what: string): Verdict => ({ failureClass: 'permanent', code, what });
