import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { prestartPoolThread } from '../../../compute/pool-thread';
import { WorkerPool } from '../../../compute/worker-pool';
import { fitCurveBatch } from '../../../perfusion/fit/curve-batch';
import { twoCxmCurves } from '../../fixtures/osipi/osipi-curves';

/** A pool thread started before any pool (compute/pool-thread prestartPoolThread), as `qtm fit` does. */
describe('prestarted pool thread', () => {
  // One curve a chunk, so that the worker gets several chunks beside the calling thread.
  const chunks = twoCxmCurves().map((c) => ({ model: 'etm', curves: [c], fitDelay: false }));
  const expected = chunks.map((chunk) => fitCurveBatch(chunk)[0].rmse);

  /** Fits every chunk on a 2-thread pool whose caller computes; returns the RMS residuals in chunk order. */
  async function fitOnPool(pool: WorkerPool): Promise<number[]> {
    const rmse: number[] = [];
    await pool.runStream('fitCurves', chunks, (out) => {
      rmse.push(out[0].rmse);
    });
    return rmse;
  }

  /** Counts the replies `worker` sends (each chunk it computes sends one). */
  function replies(worker: Worker): () => number {
    let count = 0;
    worker.on('message', () => count++);
    return () => count;
  }

  it('is the thread the next pool uses, and that pool closing it ends it', async () => {
    const early = prestartPoolThread();
    expect(prestartPoolThread()).toBe(early); // one at a time
    const fromEarly = replies(early);
    const exited = once(early, 'exit');
    const pool = new WorkerPool(2, { callerComputes: true });
    try {
      pool.startThreads();
      expect(pool.startedThreads).toBe(1);
      expect(await fitOnPool(pool)).toEqual(expected);
      expect(fromEarly()).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
    await exited;
  });

  it('is not handed out once it has exited: the pool starts a fresh thread and fits as before', async () => {
    const early = prestartPoolThread();
    const fromEarly = replies(early);
    await early.terminate();
    const pool = new WorkerPool(2, { callerComputes: true });
    try {
      expect(await fitOnPool(pool)).toEqual(expected);
      expect(pool.startedThreads).toBe(1);
      expect(fromEarly()).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('is taken by one pool only: a second pool starts its own', async () => {
    const early = prestartPoolThread();
    const fromEarly = replies(early);
    const first = new WorkerPool(2, { callerComputes: true });
    const second = new WorkerPool(2, { callerComputes: true });
    try {
      first.startThreads();
      const [a, b] = await Promise.all([fitOnPool(second), fitOnPool(first)]);
      expect(a).toEqual(expected);
      expect(b).toEqual(expected);
      expect(first.startedThreads + second.startedThreads).toBe(2);
      expect(fromEarly()).toBeGreaterThan(0);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
