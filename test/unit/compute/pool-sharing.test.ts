import { fitCurvesOnPool } from '../../../compute/fit-on-pool';
import { defaultThreadCount } from '../../../compute/pool-thread';
import { retainSharedPool, sharedPool } from '../../../compute/shared-pool';
import { WorkerPool } from '../../../compute/worker-pool';
import { fitCurveBatch } from '../../../perfusion/fit/curve-batch';
import { twoCxmCurves } from '../../fixtures/osipi/osipi-curves';

const curves = twoCxmCurves();
/** Six chunks of four curves: more chunks than threads, so runs must queue. */
const chunks = (fitDelay: boolean) =>
  Array.from({ length: 6 }, (_, k) => ({ model: '2cxm', curves: curves.slice(4 * k, 4 * k + 4), fitDelay }));
const rmse = (fits: Array<{ rmse: number }>) => fits.map((f) => f.rmse);
const inline = rmse(fitCurveBatch({ model: '2cxm', curves, fitDelay: false }));

describe('one pool shared by concurrent runs', () => {
  it('runs two concurrent runs on its own threads only, interleaved, each with its own results', async () => {
    const pool = new WorkerPool(2);
    try {
      const events: string[] = [];
      const runs = ['a', 'b'].map((name) =>
        pool
          .run('fitCurves', chunks(false), { onProgress: (d) => events.push(`${name} ${d}`) })
          .then((outputs) => {
            events.push(`${name} done`);
            return outputs.flat();
          }),
      );
      const [a, b] = await Promise.all(runs);
      expect(rmse(a)).toEqual(inline);
      expect(rmse(b)).toEqual(inline);
      expect(pool.startedThreads).toBe(2);
      // b started before a finished: a freed thread went to the run with nothing in flight.
      expect(events.findIndex((e) => e.startsWith('b '))).toBeLessThan(events.indexOf('a done'));
      expect(events.filter((e) => e.startsWith('b ')).at(-2)).toBe(`b ${curves.length}`);
    } finally {
      await pool.close();
    }
  });

  it('cancels one run mid-way without disturbing the other, then serves again', async () => {
    const pool = new WorkerPool(2);
    try {
      const controller = new AbortController();
      let progressOfCancelled = 0;
      const cancelled = pool.run('fitCurves', chunks(true), {
        signal: controller.signal,
        onProgress: (d) => {
          progressOfCancelled = d;
          if (d >= 4) controller.abort();
        },
      });
      const other = pool.run('fitCurves', chunks(false));
      await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(progressOfCancelled).toBeGreaterThanOrEqual(4);
      expect(progressOfCancelled).toBeLessThan(curves.length);
      expect(rmse((await other).flat())).toEqual(inline);
      // At its first progress the cancelled run held both threads (no chunk of it had finished, so none had
      // gone to the other run): both were stopped, and two replacements served the other run.
      expect(pool.startedThreads).toBe(4);
      expect(rmse((await pool.run('fitCurves', chunks(false))).flat())).toEqual(inline);
    } finally {
      await pool.close();
    }
  });

  it("fails one run with its task's error code while the other completes", async () => {
    const pool = new WorkerPool(2);
    try {
      const bad = chunks(false);
      bad[3] = { ...bad[3], curves: [{ ...curves[13], ta: curves[13].ta.slice(0, 5) }] };
      const failing = pool.run('fitCurves', bad);
      const good = pool.run('fitCurves', chunks(false));
      await expect(failing).rejects.toMatchObject({ code: 'LENGTH_MISMATCH', name: 'PerfusionInputError' });
      expect(rmse((await good).flat())).toEqual(inline);
    } finally {
      await pool.close();
    }
  });

  it('refuses a chunk that cannot be sent to a thread, naming it, and serves the next run', async () => {
    const pool = new WorkerPool(2);
    try {
      const bad = chunks(false);
      bad[2] = { ...bad[2], onDone: () => undefined } as (typeof bad)[number];
      await expect(pool.run('fitCurves', bad)).rejects.toMatchObject({
        code: 'UNCLONEABLE_INPUT',
        message: expect.stringContaining('chunk 2 of task fitCurves'),
      });
      expect(rmse((await pool.run('fitCurves', chunks(false))).flat())).toEqual(inline);
    } finally {
      await pool.close();
    }
  });

  it('fails runs still in progress with POOL_CLOSED when closed', async () => {
    const pool = new WorkerPool(2);
    const run = expect(pool.run('fitCurves', chunks(true))).rejects.toMatchObject({ code: 'POOL_CLOSED' });
    await pool.close();
    await run;
  });
});

describe('the process-wide shared pool', () => {
  it('is one pool of one thread per core, kept open while held and closed by the last release', async () => {
    const releaseCpu = retainSharedPool();
    const releaseGpu = retainSharedPool();
    const pool = sharedPool();
    expect(sharedPool()).toBe(pool);
    expect(pool.threads).toBe(defaultThreadCount());
    const fits = await Promise.all([0, 1, 2].map(() => fitCurvesOnPool('2cxm', curves, false, { pool })));
    for (const f of fits) expect(rmse(f)).toEqual(inline);
    expect(pool.startedThreads).toBeLessThanOrEqual(defaultThreadCount());
    await releaseCpu();
    await releaseCpu(); // a second release of the same holder changes nothing
    expect(sharedPool()).toBe(pool);
    await releaseGpu();
    const run = pool.run('fitCurves', chunks(false));
    expect(sharedPool()).not.toBe(pool); // closed; the next user gets a fresh one
    expect(rmse((await run).flat())).toEqual(inline); // a closed pool still starts threads for a new run
    await pool.close();
    await sharedPool().close();
  });
});
