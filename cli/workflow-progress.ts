/**
 * Progress of a running workflow for the terminal: every few seconds, the activities in flight (with their
 * attempt and last heartbeat) when that set changes, so a multi-minute experiment is not a silent wait.
 */
import type { WorkflowHandle } from '@temporalio/client';

export function watchProgress(
  handle: WorkflowHandle,
  say: (line: string) => void,
  everyMs = 5000,
): () => void {
  let last = '';
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    try {
      const pending = (await handle.describe()).raw.pendingActivities ?? [];
      const counts = new Map<string, number>();
      for (const a of pending) {
        const name = a.activityType?.name ?? '?';
        const retry = (a.attempt ?? 1) > 1 ? ` (attempt ${a.attempt})` : '';
        counts.set(name + retry, (counts.get(name + retry) ?? 0) + 1);
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
