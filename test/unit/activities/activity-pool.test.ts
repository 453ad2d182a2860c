import { CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { activityBoundary } from '../../../activities/activity-boundary';
import { onSharedPool } from '../../../activities/activity-pool';
import { sharedPool } from '../../../compute/shared-pool';
import { twoCxmCurves } from '../../fixtures/osipi/osipi-curves';

const curves = twoCxmCurves();
const chunks = Array.from({ length: 6 }, (_, k) => ({
  model: '2cxm',
  curves: curves.slice(4 * k, 4 * k + 4),
  fitDelay: true,
}));

// As a worker runs activities: inside the activity boundary. The SDK logs each failed activity as a
// warning; both failures here are expected.
const quiet = () =>
  new MockActivityEnvironment(undefined, {
    logger: new DefaultLogger('ERROR'),
    interceptors: [activityBoundary],
  });

afterAll(() => sharedPool().close());

describe('activity compute on the shared pool', () => {
  it("stops when the activity is cancelled and rethrows the SDK's cancellation", async () => {
    const env = quiet();
    let progress = 0;
    const run = env.run(() =>
      onSharedPool((pool, signal) =>
        pool.run('fitCurves', chunks, {
          signal,
          onProgress: (done) => {
            progress = done;
            env.cancel();
          },
        }),
      ),
    );
    await expect(run).rejects.toBeInstanceOf(CancelledFailure);
    expect(progress).toBeLessThan(curves.length);
  });

  it("keeps a task's own error code when the activity was not cancelled", async () => {
    const bad = [{ ...chunks[0], curves: [{ ...curves[0], ta: curves[0].ta.slice(0, 5) }] }, chunks[1]];
    const env = quiet();
    await expect(
      env.run(() => onSharedPool((pool, signal) => pool.run('fitCurves', bad, { signal }))),
    ).rejects.toMatchObject({ type: 'LENGTH_MISMATCH', nonRetryable: true });
  });

  it('reports progress as heartbeat details', async () => {
    const env = quiet();
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d));
    await env.run(() =>
      onSharedPool((pool, signal, progress) =>
        pool.run('fitCurves', chunks, { signal, onProgress: (done) => progress({ done }) }),
      ),
    );
    expect(beats.at(-1)).toEqual({ done: curves.length });
  });
});
