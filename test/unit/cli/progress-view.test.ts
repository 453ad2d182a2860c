/** Stage bars on a terminal, plain lines elsewhere, and the ETA at the stage's rate so far. */
import { type StageProgress, stageProgress, type WorkflowState } from '../../../cli/experiment-status';
import { createProgressView, formatStageBar, formatStageLine, stageEtaMs } from '../../../cli/progress-view';

const t0 = new Date(Date.UTC(2026, 0, 1));
const later = (s: number) => new Date(t0.getTime() + s * 1000);

function stage(p: Partial<StageProgress>): StageProgress {
  return {
    stage: 'fit',
    total: 20,
    done: 5,
    cached: 0,
    running: 2,
    failed: 0,
    retries: 0,
    startedAt: t0,
    finishedAt: later(50),
    queued: 0,
    retrying: 0,
    lastFailure: null,
    ...p,
  };
}

describe('stage progress', () => {
  it('estimates the rest at the rate so far: 5 of 20 in 60 s leaves 180 s', () => {
    expect(stageEtaMs(stage({}), later(60))).toBe(180_000);
    expect(stageEtaMs(stage({ done: 0 }), later(60))).toBeNull();
    expect(stageEtaMs(stage({ done: 20 }), later(60))).toBeNull();
    expect(stageEtaMs(stage({ total: null }), later(60))).toBeNull();
  });

  it('draws a bar with counts, elapsed time and ETA', () => {
    expect(formatStageBar(stage({ cached: 1 }), later(60))).toBe(
      'fit       [#####---------------]     5/20  1 cached  2 running  1:00  ETA 3:00',
    );
    // a finished stage shows the time it took, not the time since
    expect(formatStageBar(stage({ done: 20, running: 0 }), later(600))).toBe(
      'fit       [####################]    20/20  0:50',
    );
  });

  it('writes a plain line only when a stage’s counts change, and redraws in place on a terminal', () => {
    const written: string[] = [];
    const plain = createProgressView({ write: (s: string) => written.push(s) }, false);
    plain.update([stage({})], later(10));
    plain.update([stage({})], later(20));
    plain.update([stage({ done: 6 })], later(30));
    plain.update([stage({ stage: 'train', startedAt: null, done: 0, running: 0 })], later(30));
    expect(written).toEqual([
      'fit 5/20 done, 2 running, 0:10 elapsed, ETA 0:30\n',
      'fit 6/20 done, 2 running, 0:30 elapsed, ETA 1:10\n',
    ]);

    const screen: string[] = [];
    const tty = createProgressView({ write: (s: string) => screen.push(s) }, true);
    tty.update([stage({}), stage({ stage: 'infer' })], later(10));
    tty.update([stage({}), stage({ stage: 'infer' })], later(11));
    expect(screen[0].startsWith('\r\x1b[2Kfit ')).toBe(true);
    expect(screen[1].startsWith('\x1b[2A\r\x1b[2Kfit ')).toBe(true);
    expect(screen[1].split('\n')).toHaveLength(3);
  });

  it('lays Temporal’s pending activities over the rows: running, queued, and the last failure of a retry', () => {
    const workflow: WorkflowState = {
      status: 'RUNNING',
      pending: [
        { activityType: 'fitSubject', state: 'started', attempt: 1, lastFailure: null },
        {
          activityType: 'fitSubject',
          state: 'scheduled',
          attempt: 3,
          lastFailure: 'S3 at http://x is unreachable',
        },
        { activityType: 'simulateSubject', state: 'started', attempt: 1, lastFailure: null },
      ].map((p, i) => ({
        activityId: String(i),
        stage: p.activityType === 'fitSubject' ? ('fit' as const) : ('simulate' as const),
        maximumAttempts: 5,
        lastFailureType: null,
        lastStartedAt: null,
        lastHeartbeatAt: null,
        nextAttemptAt: null,
        worker: null,
        ...(p as {
          activityType: string;
          state: 'started' | 'scheduled';
          attempt: number;
          lastFailure: string | null;
        }),
      })),
    };
    // the rows say 4 running (one a dead worker's): Temporal's 1 started wins while the workflow runs
    const [fit] = stageProgress([{ ...stage({ running: 4 }) }], workflow);
    expect(fit).toMatchObject({
      running: 1,
      queued: 1,
      retrying: 1,
      lastFailure: 'S3 at http://x is unreachable',
    });
    expect(formatStageLine(fit, later(60))).toBe(
      'fit 5/20 done, 1 running, 1 queued, 1 retrying, 1:00 elapsed, ETA 3:00; last failure: S3 at http://x is unreachable',
    );
    const [done] = stageProgress([stage({ running: 4 })], { status: 'COMPLETED', pending: [] });
    expect(done.running).toBe(4);
  });
});
