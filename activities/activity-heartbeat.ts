/**
 * Heartbeats that prove an activity's worker is alive, whatever the activity is doing: waiting for its
 * chunks on the shared thread pool behind other activities' chunks, downloading, uploading, training
 * between checkpoints. A timer resends the latest progress details at a quarter of the heartbeat timeout
 * (at most every 10 s), so Temporal notices a dead worker within the timeout and a retry sees the last
 * details (training's checkpoint key) rather than an empty heartbeat. Heartbeats also carry cancellation:
 * Temporal delivers a cancel request in a heartbeat's reply.
 */
import { Context } from '@temporalio/activity';

const latest = new WeakMap<Context, unknown>();

/** Sends progress details now and keeps them for the timer to resend. */
export function reportProgress(details: unknown, ctx: Context = Context.current()): void {
  latest.set(ctx, details);
  ctx.heartbeat(details);
}

/** Runs `work` with the heartbeat timer on; without a heartbeat timeout nobody listens, so no timer. */
export async function heartbeatWhile<T>(ctx: Context, work: () => Promise<T>): Promise<T> {
  const timeoutMs = ctx.info.heartbeatTimeoutMs;
  if (!timeoutMs) return work();
  // Before its first report, an attempt resends what the previous attempt reported last.
  const beat = () => ctx.heartbeat(latest.has(ctx) ? latest.get(ctx) : ctx.info.heartbeatDetails);
  const timer = setInterval(beat, Math.min(10_000, timeoutMs / 4));
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
