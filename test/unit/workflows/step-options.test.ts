import { ActivityCancellationType } from '@temporalio/workflow';
import { stepOptions } from '../../../workflows/step-options';

const limits = { stepScheduleToCloseH: 48, heartbeatTimeoutS: 20, retryMaxIntervalS: 30 };

test('long steps heartbeat and retry without an attempt limit until their schedule-to-close timeout', () => {
  const o = stepOptions(limits, 'cpu', 'long');
  expect(o).toMatchObject({
    taskQueue: 'qtm-cpu',
    scheduleToCloseTimeout: '48h',
    heartbeatTimeout: '20s',
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' },
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });
  expect(o.retry?.maximumAttempts).toBeUndefined();
  expect(o.startToCloseTimeout).toBeUndefined();
});

test('short steps are bounded per attempt instead of heartbeating', () => {
  const o = stepOptions(limits, 'gpu', 'short');
  expect(o).toMatchObject({ taskQueue: 'qtm-gpu', startToCloseTimeout: '1m', scheduleToCloseTimeout: '48h' });
  expect(o.heartbeatTimeout).toBeUndefined();
});

test('a config from before `limits` existed (a replayed history) gets the defaults: days, at most 60 s', () => {
  expect(stepOptions(undefined, 'cpu', 'long')).toMatchObject({
    scheduleToCloseTimeout: '72h',
    heartbeatTimeout: '60s',
  });
});
