/**
 * Promise.all for steps that run side by side, except that it waits for every step to settle before it
 * rethrows the first failure. On a cancellation (or one subject's bad input) the other steps are still
 * acknowledging or finishing; the experiment is marked CANCELLED or FAILED only once none of them can
 * write any more.
 */
export async function settleAll<T>(steps: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(steps);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
