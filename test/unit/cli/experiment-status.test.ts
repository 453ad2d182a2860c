import type { WorkflowHandle } from '@temporalio/client';
import { describeRetry, stepsInFlight } from '../../../cli/experiment-status';

// What WorkflowHandle.describe() returns for two steps in flight, one of them retrying (fields as in Temporal's
// DescribeWorkflowExecutionResponse.pendingActivities).
const handle = {
  describe: async () => ({
    raw: {
      pendingActivities: [
        { activityType: { name: 'fitSubject' }, attempt: 1 },
        {
          activityType: { name: 'simulateSubject' },
          attempt: 4,
          lastFailure: {
            message:
              'network or host resource failure (ECONNREFUSED); retrying: connect ECONNREFUSED 127.0.0.1:18333',
            applicationFailureInfo: { type: 'NET:ECONNREFUSED' },
          },
          nextAttemptScheduleTime: { seconds: 1_800_000_010, nanos: 0 },
        },
        {
          activityType: { name: 'trainQtmnet' },
          attempt: 2,
          lastFailure: { message: 'activity Heartbeat timeout', timeoutFailureInfo: { timeoutType: 3 } },
        },
      ],
    },
  }),
} as unknown as WorkflowHandle;

test('each step in flight with its attempt, last failure and next attempt', async () => {
  const steps = await stepsInFlight(handle);
  expect(steps).toEqual([
    { step: 'fitSubject', attempt: 1 },
    {
      step: 'simulateSubject',
      attempt: 4,
      lastFailure: {
        message: expect.stringMatching(/retrying: connect ECONNREFUSED/),
        type: 'NET:ECONNREFUSED',
      },
      nextAttemptAt: new Date(1_800_000_010_000),
    },
    {
      step: 'trainQtmnet',
      attempt: 2,
      lastFailure: { message: 'activity Heartbeat timeout', type: 'TIMEOUT' },
    },
  ]);
  expect(describeRetry(steps[1], new Date(1_800_000_002_000))).toBe(
    'simulateSubject attempt 4 after: network or host resource failure (ECONNREFUSED); retrying: connect ECONNREFUSED 127.0.0.1:18333; next attempt in 8 s',
  );
  expect(describeRetry(steps[2])).toBe('trainQtmnet attempt 2 after: activity Heartbeat timeout');
});
