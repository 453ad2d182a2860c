/**
 * Changing workflow code under running workflows, the policy of docs/architecture.md (section 7) on a
 * fixture workflow (./versioned/): version N+1 adds a step under patched(). A workflow started on N
 * workers completes on N+1 workers, going on as N did; one started on N+1 takes the new step. The control,
 * the same change without patched(), fails to replay N's history with a nondeterminism error. Version N+2
 * (the old branch removed, deprecatePatch) replays N+1's histories but not N's: it may ship only once no
 * workflow of N is left.
 */
import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundle } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { connectTemporal, temporalClient } from '../../../workers/temporal-connection';
import { installTemporalRuntime } from '../../../workers/temporal-runtime';
import { waitFor } from '../../fault/support/scenario-run';
import { settingsFor } from '../support/experiment-run';
import { versionActivities } from './versioned/activities';

const settings = settingsFor();
const bundles: Record<string, WorkflowBundle> = {};

beforeAll(async () => {
  installTemporalRuntime('error'); // the failed replays are expected: keep their log lines out of the output
  for (const v of ['v1', 'v2-patched', 'v2-unpatched', 'v3-deprecated'])
    bundles[v] = await bundleWorkflowCode({
      workflowsPath: require.resolve(`./versioned/${v}`),
      logger: new DefaultLogger('ERROR'),
    });
}, 300_000);

test('a workflow started on version N completes on N+1 workers; without patched() its history does not replay', async () => {
  const taskQueue = `versioning-${randomUUID()}`;
  const connection = await Connection.connect({ address: settings.temporal.address });
  const native = await connectTemporal(settings);
  const client = temporalClient(connection, settings);
  const worker = (version: string) =>
    Worker.create({
      connection: native,
      namespace: settings.temporal.namespace,
      taskQueue,
      workflowBundle: bundles[version],
      activities: versionActivities,
    });
  try {
    // Version N runs the first step, and the workflow waits for its signal.
    const onN = await client.workflow.start('versionedWorkflow', {
      taskQueue,
      workflowId: `versioning-n-${randomUUID()}`,
    });
    const n = await worker('v1');
    await n.runUntil(
      waitFor('the first step on version N', async () => {
        const events = (await onN.fetchHistory()).events ?? [];
        const done = events.some((e) => e.activityTaskCompletedEventAttributes);
        return done && events.at(-1)?.workflowTaskCompletedEventAttributes ? true : undefined;
      }),
    );
    // Workers of N+1 take over (a fresh worker: no cached state, it replays N's history first).
    const next = await worker('v2-patched');
    const onNext = await client.workflow.start('versionedWorkflow', {
      taskQueue,
      workflowId: `versioning-n1-${randomUUID()}`,
    });
    const results = await next.runUntil(async () => {
      await onN.signal('release');
      await onNext.signal('release');
      return Promise.all([onN.result(), onNext.result()]);
    });
    expect(results).toEqual([
      ['first', 'second'],
      ['first', 'audit', 'second'],
    ]);

    const historyOfN = await onN.fetchHistory();
    const historyOfNext = await onNext.fetchHistory();
    const replay = (version: string, history: typeof historyOfN) =>
      Worker.runReplayHistory({ workflowBundle: bundles[version] }, history);
    await expect(replay('v1', historyOfN)).resolves.toBeUndefined();
    await expect(replay('v2-patched', historyOfN)).resolves.toBeUndefined();
    await expect(replay('v2-unpatched', historyOfN)).rejects.toThrow(DeterminismViolationError);
    await expect(replay('v2-unpatched', historyOfN)).rejects.toThrow(/Nondeterminism/i);
    await expect(replay('v2-patched', historyOfNext)).resolves.toBeUndefined();
    await expect(replay('v3-deprecated', historyOfNext)).resolves.toBeUndefined();
    await expect(replay('v3-deprecated', historyOfN)).rejects.toThrow(DeterminismViolationError);
  } finally {
    await native.close();
    await connection.close();
  }
});
