/**
 * An activity's compute on its worker process's shared pool (compute/shared-pool.ts), stopped when the
 * activity is cancelled: by its workflow, after a missed heartbeat, or at worker shutdown. The stop then
 * surfaces as the SDK's CancelledFailure (the signal's reason), which Temporal records as a cancellation,
 * or at shutdown as a failed attempt that it retries at once, rather than as a non-retryable error code.
 */
import { Context } from '@temporalio/activity';
import { sharedPool } from '../compute/shared-pool';
import type { WorkerPool } from '../compute/worker-pool';

export async function onSharedPool<T>(
  work: (pool: WorkerPool, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const signal = Context.current().cancellationSignal;
  try {
    return await work(sharedPool(), signal);
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    throw err;
  }
}
