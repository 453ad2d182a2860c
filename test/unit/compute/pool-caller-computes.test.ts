import { WorkerPool } from '../../../compute/worker-pool';
import { fitCurveBatch } from '../../../perfusion/fit/curve-batch';
import { twoCxmCurves } from '../../fixtures/osipi/osipi-curves';

/** A pool whose calling thread computes streamed chunks beside its workers (WorkerPool callerComputes). */
describe('worker pool with the caller computing', () => {
  const curves = twoCxmCurves();
  // One curve a chunk: each chunk's fit (its RMS residual) tells which chunk an output came from.
  const chunks = curves.map((c) => ({ model: 'etm', curves: [c], fitDelay: false }));
  const expected = chunks.map((chunk) => fitCurveBatch(chunk)[0].rmse);

  async function* arriving() {
    for (const [k, chunk] of chunks.entries()) {
      if (k % 4 === 0) await new Promise((r) => setTimeout(r, 2));
      yield chunk;
    }
  }

  it.each([1, 2, 3])(
    'computes every chunk exactly once and hands the outputs on in order (%i threads, caller included)',
    async (threads) => {
      const pool = new WorkerPool(threads, { callerComputes: true });
      try {
        pool.startThreads();
        expect(pool.startedThreads).toBe(threads - 1); // the caller is one of the threads
        const order: number[] = [];
        const rmse: number[] = [];
        const progress: number[] = [];
        const count = await pool.runStream(
          'fitCurves',
          arriving(),
          (out, index) => {
            order.push(index);
            rmse.push(out[0].rmse);
          },
          { onProgress: (done) => progress.push(done) },
        );
        expect(count).toBe(chunks.length);
        expect(order).toEqual(chunks.map((_, k) => k));
        expect(new Set(expected).size).toBe(chunks.length);
        expect(rmse).toEqual(expected);
        expect(progress[progress.length - 1]).toBe(chunks.length);
        expect(pool.startedThreads).toBe(threads - 1);
      } finally {
        await pool.close();
      }
    },
  );

  it("re-raises a chunk's error with its code (first, middle or last chunk) and runs again afterwards", async () => {
    const pool = new WorkerPool(2, { callerComputes: true });
    try {
      for (const bad of [0, 5, chunks.length - 1]) {
        const broken = chunks.map((chunk, k) =>
          k === bad ? { ...chunk, curves: [{ ...chunk.curves[0], ct: new Float64Array(3) }] } : chunk,
        );
        await expect(pool.runStream('fitCurves', broken, () => undefined)).rejects.toMatchObject({
          code: 'LENGTH_MISMATCH',
        });
      }
      let seen = 0;
      await pool.runStream('fitCurves', chunks, (out) => {
        seen += out.length;
      });
      expect(seen).toBe(chunks.length);
    } finally {
      await pool.close();
    }
  });

  it('stops on abort with code CANCELLED and leaves no thread running once closed', async () => {
    const pool = new WorkerPool(2, { callerComputes: true });
    const controller = new AbortController();
    let outputs = 0;
    const run = pool.runStream(
      'fitCurves',
      chunks,
      () => {
        if (++outputs === 3) controller.abort();
      },
      { signal: controller.signal },
    );
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(outputs).toBeLessThan(chunks.length);
    await pool.close();
    const workers = process.getActiveResourcesInfo().filter((r) => r === 'Worker' || r === 'MessagePort');
    expect(workers).toEqual([]);
  });
});
