/**
 * The activity boundary every worker installs: a heartbeat timer that resends the latest progress while an
 * activity waits or computes, and failures turned into retryable or non-retryable ApplicationFailures.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { activityBoundary } from '../../../activities/activity-boundary';
import { reportProgress } from '../../../activities/activity-heartbeat';
import { PerfusionInputError } from '../../../perfusion/errors';

// The SDK logs each failed activity as a warning; the failures here are expected.
const environment = (heartbeatTimeoutMs?: number, heartbeatDetails?: unknown) =>
  new MockActivityEnvironment(
    { heartbeatTimeoutMs, heartbeatDetails },
    { logger: new DefaultLogger('ERROR'), interceptors: [activityBoundary] },
  );

describe('heartbeat timer', () => {
  it('resends the latest progress while the activity waits', async () => {
    const env = environment(200);
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d));
    await env.run(async () => {
      reportProgress({ done: 1 });
      await sleep(400); // as long as chunks queued behind another activity's on the shared pool
    });
    expect(beats.length).toBeGreaterThanOrEqual(5); // the report, then every 50 ms
    expect(beats.every((d) => JSON.stringify(d) === '{"done":1}')).toBe(true);
  });

  it("before its first report, an attempt resends the previous attempt's last details", async () => {
    const env = environment(200, { checkpoint: 'abc' });
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d));
    await env.run(() => sleep(150));
    expect(beats.length).toBeGreaterThanOrEqual(2);
    expect(beats).toContainEqual({ checkpoint: 'abc' });
  });

  it('stops when the activity ends', async () => {
    const env = environment(200);
    let beats = 0;
    env.on('heartbeat', () => beats++);
    await env.run(() => sleep(120));
    const after = beats;
    await sleep(200);
    expect(after).toBeGreaterThan(0);
    expect(beats).toBe(after);
  });
});

describe('failures at the boundary', () => {
  it('bad input is not retried and keeps its code and message', async () => {
    const env = environment(1000);
    const err = await env
      .run(async () => {
        throw new PerfusionInputError('INVALID_CURVE', 'curve 3 has 5 samples, the AIF 60');
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({
      type: 'INVALID_CURVE',
      nonRetryable: true,
      message: 'curve 3 has 5 samples, the AIF 60',
    });
  });

  it('a transient fault is retried and says so', async () => {
    const env = environment(1000);
    const err = await env
      .run(async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:18333'), {
          code: 'ECONNREFUSED',
          errno: -111,
          syscall: 'connect',
        });
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ type: 'NET:ECONNREFUSED', nonRetryable: false });
    expect((err as Error).message).toMatch(/retrying: connect ECONNREFUSED/);
  });

  it("a cancelled activity ends as the SDK's cancellation, whatever its code threw", async () => {
    const env = environment(1000);
    const run = env.run(async () => {
      await sleep(50);
      throw new PerfusionInputError('TRAINING_CANCELLED', 'training stopped at step 5');
    });
    env.cancel();
    await expect(run).rejects.toBeInstanceOf(CancelledFailure);
  });
});
