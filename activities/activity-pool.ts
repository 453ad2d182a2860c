/**
 * An activity's compute on its worker process's shared pool (compute/shared-pool.ts), stopped when the
 * activity is cancelled: by its workflow, after a missed heartbeat, or at worker shutdown. Its chunks may
 * queue behind other activities' chunks; the heartbeat timer of the activity boundary (activity-boundary.ts)
 * keeps the activity alive meanwhile, and `progress` reports what is done as heartbeat details.
 */
import { Context } from '@temporalio/activity';
import { sharedPool } from '../compute/shared-pool';
import type { WorkerPool } from '../compute/worker-pool';
import { reportProgress } from './activity-heartbeat';

export async function onSharedPool<T>(
  work: (pool: WorkerPool, signal: AbortSignal, progress: (details: unknown) => void) => Promise<T>,
): Promise<T> {
  const ctx = Context.current();
  return work(sharedPool(), ctx.cancellationSignal, (details) => reportProgress(details, ctx));
}
