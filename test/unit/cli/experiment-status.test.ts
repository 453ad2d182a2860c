import type { WorkflowHandle } from '@temporalio/client';
import Long from 'long';
import { describeWorkflow } from '../../../cli/experiment-status';

// What WorkflowHandle.describe() returns for three steps in flight, two of them retrying (fields as in
// Temporal's DescribeWorkflowExecutionResponse.pendingActivities).
const handle = {
  describe: async () => ({
    status: { name: 'RUNNING' },
    raw: {
      pendingActivities: [
        { activityId: '1', activityType: { name: 'fitSubject' }, attempt: 1, state: 2 },
        {
          activityId: '2',
          activityType: { name: 'simulateSubject' },
          attempt: 4,
          state: 1,
          lastFailure: {
            message:
              'network or host resource failure (ECONNREFUSED); retrying: connect ECONNREFUSED 127.0.0.1:18333',
            applicationFailureInfo: { type: 'NET:ECONNREFUSED' },
          },
          nextAttemptScheduleTime: { seconds: Long.fromNumber(1_800_000_010), nanos: 0 },
        },
        {
          activityId: '3',
          activityType: { name: 'trainQtmnet' },
          attempt: 2,
          state: 2,
          lastFailure: { message: 'activity Heartbeat timeout', timeoutFailureInfo: { timeoutType: 3 } },
        },
      ],
    },
  }),
} as unknown as WorkflowHandle;

test('each step in flight with its stage, attempt, last failure and its class, and next attempt', async () => {
  const state = await describeWorkflow(handle);
  expect(state?.status).toBe('RUNNING');
  expect(state?.pending.map((p) => [p.activityType, p.stage, p.state, p.attempt, p.lastFailureType])).toEqual(
    [
      ['fitSubject', 'fit', 'started', 1, null],
      ['simulateSubject', 'simulate', 'scheduled', 4, 'NET:ECONNREFUSED'],
      ['trainQtmnet', 'train', 'started', 2, 'TIMEOUT'],
    ],
  );
  expect(state?.pending[1].lastFailure).toMatch(/retrying: connect ECONNREFUSED/);
  expect(state?.pending[1].nextAttemptAt).toEqual(new Date(1_800_000_010_000));
});

test("the steps in flight in running batch workflows are listed with the experiment workflow's own", async () => {
  const batch = {
    describe: async () => ({
      status: { name: 'RUNNING' },
      raw: { pendingActivities: [{ activityId: '7', activityType: { name: 'subjectFeatures' }, state: 2 }] },
    }),
  };
  const parent = {
    describe: async () => ({
      status: { name: 'RUNNING' },
      raw: {
        pendingActivities: [{ activityId: '1', activityType: { name: 'trainingInput' }, state: 2 }],
        pendingChildren: [{ workflowId: 'exp/infer-batch-1' }],
      },
    }),
    client: { getHandle: (id: string) => (id === 'exp/infer-batch-1' ? batch : undefined) },
  } as unknown as WorkflowHandle;
  const state = await describeWorkflow(parent);
  expect(state?.pending.map((p) => [p.activityType, p.stage])).toEqual([
    ['trainingInput', 'train'],
    ['subjectFeatures', 'features'],
  ]);
});
