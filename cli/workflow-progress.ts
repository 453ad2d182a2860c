/**
 * Progress of a running workflow for the terminal: every few seconds, the activities in flight (with their
 * attempt) when that set changes, and a line for each retry saying why the previous attempt failed, so a
 * multi-minute experiment is not a silent wait and a retrying step is not a mystery.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { describeRetry, stepsInFlight } from './experiment-status';

export function watchProgress(
  handle: WorkflowHandle,
  say: (line: string) => void,
  everyMs = 5000,
): () => void {
  let last = '';
  const retriesShown = new Set<string>();
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    try {
      const steps = await stepsInFlight(handle);
      const counts = new Map<string, number>();
      for (const s of steps) {
        const name = s.step + (s.attempt > 1 ? ` (attempt ${s.attempt})` : '');
        counts.set(name, (counts.get(name) ?? 0) + 1);
        const retry = `${s.step}#${s.attempt}#${s.lastFailure?.message}`;
        if (s.lastFailure && !retriesShown.has(retry)) {
          retriesShown.add(retry);
          say(`  retrying: ${describeRetry(s)}`);
        }
      }
      const line = [...counts].map(([name, n]) => (n > 1 ? `${n} x ${name}` : name)).join(', ');
      if (line && line !== last) say(`  running: ${line}`);
      last = line;
    } catch {
      // The workflow may have just finished; the caller reports the result.
    }
    if (!stopped) timer = setTimeout(tick, everyMs);
  };
  let timer = setTimeout(tick, everyMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
