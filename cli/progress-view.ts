/**
 * Live progress of an experiment on stderr. On a terminal: one bar per stage (simulate, fit, train, infer,
 * grade) with counts, elapsed time and an ETA, redrawn in place. Elsewhere (a log file, CI): one plain line
 * whenever a stage's counts change, so logs stay readable and short.
 */
import { formatDuration } from '../runtime/duration-text';
import type { StageProgress } from './experiment-status';

/** Elapsed time of a stage: from its first start to its last finish once complete, else to now. */
export function stageElapsedMs(s: StageProgress, now: Date): number | null {
  if (s.startedAt === null) return null;
  const complete = s.total !== null && s.done >= s.total;
  const end = complete && s.finishedAt ? s.finishedAt : now;
  return end.getTime() - s.startedAt.getTime();
}

/**
 * Remaining time at the stage's rate so far (elapsed per completed step, which accounts for steps running
 * side by side); null before the first step completes or when the total is unknown.
 */
export function stageEtaMs(s: StageProgress, now: Date): number | null {
  const elapsed = stageElapsedMs(s, now);
  if (elapsed === null || s.total === null || s.done === 0 || s.done >= s.total) return null;
  return (elapsed / s.done) * (s.total - s.done);
}

function counts(s: StageProgress): string[] {
  const parts: string[] = [];
  if (s.cached > 0) parts.push(`${s.cached} cached`);
  if (s.running > 0) parts.push(`${s.running} running`);
  if (s.queued > 0) parts.push(`${s.queued} queued`);
  if (s.retrying > 0) parts.push(`${s.retrying} retrying`);
  if (s.failed > 0) parts.push(`${s.failed} failed`);
  return parts;
}

function timing(s: StageProgress, now: Date): string[] {
  const elapsed = stageElapsedMs(s, now);
  const eta = stageEtaMs(s, now);
  return [
    ...(elapsed === null ? [] : [formatDuration(elapsed)]),
    ...(eta === null ? [] : [`ETA ${formatDuration(eta)}`]),
  ];
}

/** One terminal line: `fit       [######--------------]   6/20  2 running  0:41  ETA 1:35`. */
export function formatStageBar(s: StageProgress, now: Date, width = 20): string {
  const total = s.total ?? Math.max(s.done + s.running, 1);
  const filled = Math.min(width, Math.round((width * s.done) / Math.max(total, 1)));
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const count = `${s.done}/${s.total ?? '?'}`.padStart(7);
  const failure = s.lastFailure ? `  last failure: ${s.lastFailure.split('\n')[0].slice(0, 80)}` : '';
  return [s.stage.padEnd(8), bar, count, ...counts(s), ...timing(s, now)].join('  ') + failure;
}

/** One log line: `fit 6/20 done (2 cached), 2 running, 0:41 elapsed, ETA 1:35`. */
export function formatStageLine(s: StageProgress, now: Date): string {
  const elapsed = stageElapsedMs(s, now);
  const eta = stageEtaMs(s, now);
  const parts = [
    `${s.stage} ${s.done}/${s.total ?? '?'} done`,
    ...counts(s),
    ...(elapsed === null ? [] : [`${formatDuration(elapsed)} elapsed`]),
    ...(eta === null ? [] : [`ETA ${formatDuration(eta)}`]),
  ];
  const failure = s.lastFailure ? `; last failure: ${s.lastFailure.split('\n')[0]}` : '';
  return parts.join(', ') + failure;
}

export interface ProgressView {
  update(stages: readonly StageProgress[], now?: Date): void;
  /** Leaves the last bars on screen and moves below them. */
  close(): void;
}

/** Bars redrawn in place when `tty`, else a line per change; writes to `out` (stderr). */
export function createProgressView(out: { write(s: string): unknown }, tty: boolean): ProgressView {
  let drawn = 0;
  const said = new Map<string, string>();
  return {
    update(stages, now = new Date()) {
      if (tty) {
        const lines = stages.map((s) => formatStageBar(s, now));
        // Up to the first bar, then rewrite each line (clearing what a longer line left behind).
        const up = drawn > 0 ? `\x1b[${drawn}A` : '';
        out.write(up + lines.map((l) => `\r\x1b[2K${l}\n`).join(''));
        drawn = lines.length;
        return;
      }
      for (const s of stages) {
        const state = [s.done, s.cached, s.running, s.queued, s.retrying, s.failed, s.lastFailure].join();
        if (said.get(s.stage) === state || (s.startedAt === null && s.queued === 0)) continue;
        said.set(s.stage, state);
        out.write(`${formatStageLine(s, now)}\n`);
      }
    },
    close() {
      drawn = 0;
    },
  };
}
