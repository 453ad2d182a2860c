/**
 * Orchestration overhead from an experiment's event histories: the wall time minus the activity time on
 * its critical path. The path is found by walking back from the experiment's end: each step goes to the
 * activity that finished last before the current point (the dependency that enabled what came next, or
 * the one whose worker slot it took), adds that activity's time, and continues from its start. What the
 * walk passes outside activities is orchestration: workflow tasks, scheduling and dispatch latency, batch
 * workflows starting and ending, the client's start. Activity time includes an activity's own downloads
 * and uploads; waiting in a task queue for a free worker is on the path only as the gap before the start.
 */

export interface Interval {
  /** activity type, for the breakdown */
  type: string;
  startMs: number;
  endMs: number;
}

export interface CriticalPath {
  wallMs: number;
  activities: number;
  activityMs: number;
  overheadMs: number;
  /** activity time on the path by activity type */
  byType: Record<string, { count: number; ms: number }>;
}

export function criticalPath(intervals: readonly Interval[], startMs: number, endMs: number): CriticalPath {
  const byEnd = [...intervals].filter((a) => a.endMs <= endMs).sort((a, b) => a.endMs - b.endMs);
  const byType: CriticalPath['byType'] = {};
  let cursor = endMs;
  let activityMs = 0;
  let activities = 0;
  // byEnd is sorted by end time, so the candidates for each step are a prefix that only shrinks.
  let last = byEnd.length - 1;
  for (;;) {
    while (last >= 0 && byEnd[last].endMs > cursor) last--;
    if (last < 0) break;
    const a = byEnd[last];
    if (a.startMs < startMs) break;
    const ms = a.endMs - a.startMs;
    activityMs += ms;
    activities++;
    const t = byType[a.type] ?? { count: 0, ms: 0 };
    byType[a.type] = { count: t.count + 1, ms: t.ms + ms };
    cursor = a.startMs;
    last--;
  }
  const wallMs = endMs - startMs;
  return { wallMs, activities, activityMs, overheadMs: wallMs - activityMs, byType };
}
