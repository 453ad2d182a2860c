/** Errors of the worker pool: a task's own failure re-raised with its code, or the pool's (CANCELLED, ...). */
import { CodedError } from '../perfusion/errors';

/** An error re-raised from a worker or raised by the pool itself; keeps the task's stable code. */
export class PoolTaskError extends CodedError {
  constructor(
    code: string,
    message: string,
    override readonly name = 'PoolTaskError',
  ) {
    super(code, message);
  }
}

/** The error of a run stopped by its signal. */
export function cancelled(): PoolTaskError {
  return new PoolTaskError('CANCELLED', 'the computation was cancelled before it finished');
}
