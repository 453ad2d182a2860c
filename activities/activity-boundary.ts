/**
 * What every activity of a worker runs inside, registered as an activity interceptor by
 * workers/worker-process.ts: the heartbeat timer (activity-heartbeat.ts) and the failure classes
 * (activity-failure.ts). A cancelled activity (by its workflow, `qtm experiment cancel`, a missed heartbeat
 * or worker shutdown) ends as the SDK's CancelledFailure whatever its code threw on the way out (a pool's
 * CANCELLED, training's TRAINING_CANCELLED), so Temporal records a cancellation, not a failure.
 */
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { toActivityFailure } from './activity-failure';
import { heartbeatWhile } from './activity-heartbeat';

export const activityBoundary: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    async execute(input, next) {
      try {
        return await heartbeatWhile(ctx, () => next(input));
      } catch (err) {
        if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason;
        throw toActivityFailure(err);
      }
    },
  },
});
