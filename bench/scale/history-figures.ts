/**
 * What an experiment's event histories say (workers/workflow-histories.ts): events and encoded bytes per
 * history, the experiment's start and end, and every activity's [start, end] for the critical path.
 */
import { optionalTsToDate } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { History } from '../../workers/workflow-histories';
import type { Interval } from './critical-path';

export interface HistoryFigures {
  /** the experiment workflow's own history */
  experiment: { events: number; bytes: number };
  /** the batch workflows' histories */
  batches: { count: number; maxEvents: number; medianEvents: number; maxBytes: number };
  startMs: number;
  endMs: number;
  intervals: Interval[];
}

const ms = (t: Parameters<typeof optionalTsToDate>[0]) => optionalTsToDate(t)?.getTime() ?? Number.NaN;

export function historyFigures(experimentId: string, histories: Map<string, History>): HistoryFigures {
  const sizes = [...histories].map(([id, h]) => ({
    id,
    events: h.events?.length ?? 0,
    bytes: temporal.api.history.v1.History.encode(h).finish().length,
  }));
  const own = sizes.find((s) => s.id === experimentId) ?? { events: 0, bytes: 0 };
  const batches = sizes.filter((s) => s.id !== experimentId).sort((a, b) => a.events - b.events);
  const events = histories.get(experimentId)?.events ?? [];
  return {
    experiment: { events: own.events, bytes: own.bytes },
    batches: {
      count: batches.length,
      maxEvents: batches.at(-1)?.events ?? 0,
      medianEvents: batches[Math.floor(batches.length / 2)]?.events ?? 0,
      maxBytes: Math.max(0, ...batches.map((b) => b.bytes)),
    },
    startMs: ms(events[0]?.eventTime),
    endMs: ms(events.at(-1)?.eventTime),
    intervals: [...histories.values()].flatMap(activityIntervals),
  };
}

/** Each completed activity's last attempt, from its started to its completed event. */
function activityIntervals(h: History): Interval[] {
  const types = new Map<string, string>();
  const starts = new Map<string, number>();
  const out: Interval[] = [];
  for (const e of h.events ?? []) {
    const id = String(e.eventId);
    if (e.activityTaskScheduledEventAttributes)
      types.set(id, e.activityTaskScheduledEventAttributes.activityType?.name ?? '?');
    const started = e.activityTaskStartedEventAttributes;
    if (started) starts.set(String(started.scheduledEventId), ms(e.eventTime));
    const done = e.activityTaskCompletedEventAttributes;
    if (done) {
      const scheduled = String(done.scheduledEventId);
      out.push({
        type: types.get(scheduled) ?? '?',
        startMs: starts.get(scheduled) ?? Number.NaN,
        endMs: ms(e.eventTime),
      });
    }
  }
  return out;
}
