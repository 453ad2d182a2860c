import { fitCurvesOnPool, fitVolumeOnPool } from '../../../compute/fit-on-pool';
import { runPoolTask, WorkerPool } from '../../../compute/worker-pool';
import { fitVolume } from '../../../perfusion/fit/volume-fit';
import { twoCxmCurves } from '../../fixtures/osipi/osipi-curves';

describe('worker pool', () => {
  const curves = twoCxmCurves();

  it('gives the same fits on 2 worker threads as inline, in input order, with progress up to the total', async () => {
    const progress: number[] = [];
    const pooled = await fitCurvesOnPool('2cxm', curves, false, {
      threads: 2,
      onProgress: (d) => progress.push(d),
    });
    const inline = await fitCurvesOnPool('2cxm', curves, false, { threads: 1 });
    expect(pooled.map((f) => Array.from(f.params))).toEqual(inline.map((f) => Array.from(f.params)));
    expect(progress[progress.length - 1]).toBe(curves.length);
    expect(progress.every((d, i) => i === 0 || d >= progress[i - 1])).toBe(true);
  });

  it("re-raises a task's error with its code", async () => {
    const bad = { ...curves[3], ct: Float64Array.from(curves[3].ct, (v, i) => (i === 7 ? Number.NaN : v)) };
    await expect(
      fitCurvesOnPool('2cxm', [...curves.slice(0, 20), bad], false, { threads: 2 }),
    ).rejects.toMatchObject({
      code: 'NON_FINITE_VALUE',
      message: expect.stringContaining(`curve "${bad.label}"`),
    });
  });

  it('cancels on abort, on threads and inline', async () => {
    for (const threads of [1, 2]) {
      const controller = new AbortController();
      const run = runPoolTask(
        'fitCurves',
        [
          { model: '2cxm', curves, fitDelay: true },
          { model: '2cxm', curves, fitDelay: true },
        ],
        {
          threads,
          signal: controller.signal,
        },
      );
      controller.abort();
      await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    }
  });

  it('keeps its threads across runs and recovers after a failed run', async () => {
    const pool = new WorkerPool(2);
    try {
      const first = await fitCurvesOnPool('etm', curves, false, { pool });
      const bad = { ...curves[0], ca: new Float64Array(curves[0].ca.length) };
      await expect(fitCurvesOnPool('etm', [...curves, bad], false, { pool })).rejects.toMatchObject({
        code: 'AIF_ALL_ZERO',
      });
      const again = await fitCurvesOnPool('etm', curves, false, { pool });
      expect(again.map((f) => f.rmse)).toEqual(first.map((f) => f.rmse));
    } finally {
      await pool.close();
    }
  });

  it('streams chunks that arrive over time: outputs in chunk order, buffers moved, same fits as run()', async () => {
    const chunks = [0, 1, 2, 3, 4, 5].map((k) => ({
      model: 'etm',
      curves: curves.slice(4 * k, 4 * k + 4),
      fitDelay: false,
    }));
    async function* arriving() {
      for (const chunk of chunks) {
        await new Promise((r) => setTimeout(r, 5));
        yield chunk;
      }
    }
    const expected = await runPoolTask('fitCurves', chunks, { threads: 1 });
    for (const threads of [1, 2]) {
      const pool = new WorkerPool(threads);
      try {
        const order: number[] = [];
        const rmse: number[][] = [];
        const count = await pool.runStream('fitCurves', arriving(), async (out, index) => {
          await new Promise((r) => setTimeout(r, index === 0 ? 20 : 0)); // a slow first write holds the rest
          order.push(index);
          rmse.push(out.map((f) => f.rmse));
        });
        expect(count).toBe(chunks.length);
        expect(order).toEqual([0, 1, 2, 3, 4, 5]);
        expect(rmse).toEqual(expected.map((out) => out.map((f) => f.rmse)));
      } finally {
        await pool.close();
      }
    }
    const pool = new WorkerPool(2);
    try {
      const own = (c: (typeof curves)[number]) => ({ ...c, ct: Float64Array.from(c.ct) });
      const moved = { model: 'etm', curves: curves.slice(0, 2).map(own), fitDelay: false };
      await pool.runStream('fitCurves', [moved], () => undefined, {
        transfer: (input) => [input.curves[0].ct.buffer as ArrayBuffer],
      });
      expect(moved.curves[0].ct.length).toBe(0); // detached: the worker got the buffer itself
    } finally {
      await pool.close();
    }
  });

  it('stops a stream on a failing source or output, and the pool runs again afterwards', async () => {
    const pool = new WorkerPool(2);
    try {
      async function* failing() {
        yield { model: 'etm', curves: curves.slice(0, 4), fitDelay: false };
        throw Object.assign(new Error('disk gone'), { code: 'EIO' });
      }
      await expect(pool.runStream('fitCurves', failing(), () => undefined)).rejects.toMatchObject({
        code: 'EIO',
      });
      const chunk = { model: 'etm', curves: curves.slice(0, 4), fitDelay: false };
      await expect(
        pool.runStream('fitCurves', [chunk, chunk], () => {
          throw new Error('output full');
        }),
      ).rejects.toThrow('output full');
      let seen = 0;
      await pool.runStream('fitCurves', [chunk, chunk, chunk], (out) => {
        seen += out.length;
      });
      expect(seen).toBe(12);
    } finally {
      await pool.close();
    }
  });

  it('fits a volume on 2 threads exactly as on one', async () => {
    const nt = curves[0].t.length;
    const voxelCount = 150; // enough for several chunks, so both threads work
    const conc = new Float32Array(voxelCount * nt);
    for (let v = 0; v < voxelCount; v++)
      for (let f = 0; f < nt; f++) conc[v + f * voxelCount] = curves[v % 24].ct[f];
    const mask = new Uint8Array(voxelCount).fill(1);
    mask[2] = 0;
    const input = {
      model: '2cxm',
      conc,
      voxelCount,
      mask,
      t: curves[0].t,
      ta: curves[0].ta,
      ca: curves[0].ca,
      fitDelay: false,
    };
    const progress: number[] = [];
    const pooled = await fitVolumeOnPool(input, { threads: 2, onProgress: (d) => progress.push(d) });
    const single = fitVolume(input);
    for (let j = 0; j < 4; j++) expect(Array.from(pooled.params[j])).toEqual(Array.from(single.params[j]));
    expect(Array.from(pooled.rmse)).toEqual(Array.from(single.rmse));
    expect(pooled.status[2]).toBe(255);
    expect(pooled.fitted).toBe(149);
    expect(progress[progress.length - 1]).toBe(149);
  });
});

test('offMainThread runs even a single chunk on a worker thread, leaving this event loop free', async () => {
  const { runPoolTask } = await import('../../../compute/worker-pool');
  const { DEFAULT_SIMULATION_CONFIG } = await import('../../../perfusion/simulate/simulation-config');
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const config = {
    ...DEFAULT_SIMULATION_CONFIG,
    imaging: { ...DEFAULT_SIMULATION_CONFIG.imaging, matrix: [16, 16, 4] as [number, number, number] },
    vessels: { ...DEFAULT_SIMULATION_CONFIG.vessels, terminals: 100 },
  };
  const [subject] = await runPoolTask('simulateSubject', [{ config, grade: 'lgg', seed: 3 }], {
    offMainThread: true,
  });
  clearInterval(timer);
  expect(subject.dims).toEqual([16, 16, 4]);
  expect(ticks).toBeGreaterThan(2);
}, 120_000);
