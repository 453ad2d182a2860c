/**
 * The process's one worker pool, sized to the cores. A Temporal worker process runs several activities at
 * once; they all run their fits, simulations and inference on this pool (their chunks queue), so the
 * process never starts more compute threads than cores. Created on first use. Holders (each Temporal worker
 * of the process) retain it and release it on shutdown; the last release closes it. Idle threads do not
 * keep the process alive, so a pool nobody closes does not hang an exit.
 */
import { defaultThreadCount } from './pool-thread';
import { WorkerPool } from './worker-pool';

let pool: WorkerPool | undefined;
let holders = 0;

export function sharedPool(): WorkerPool {
  pool ??= new WorkerPool(defaultThreadCount());
  return pool;
}

/** Keeps the shared pool open until the returned release is called (once); the last release closes it. */
export function retainSharedPool(): () => Promise<void> {
  holders++;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    if (--holders > 0 || pool === undefined) return;
    const closing = pool;
    pool = undefined;
    await closing.close();
  };
}
