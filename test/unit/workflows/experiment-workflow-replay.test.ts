/**
 * Replays recorded histories of ExperimentWorkflow against the current workflow code: a change that would
 * break workflows already running (a reordered or renamed activity, a new non-patched step) fails here.
 * Record a new history (and keep the old ones) when the workflow changes on purpose:
 * node infra/record-workflow-history.js <workflow id> test/fixtures/histories/experiment-workflow-<name>.json
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';

const dir = join(__dirname, '../../fixtures/histories');
const files = readdirSync(dir).filter((f) => f.startsWith('experiment-workflow-') && f.endsWith('.json'));

test('there is at least one recorded history', () => {
  expect(files.length).toBeGreaterThan(0);
});

test.each(files)(
  '%s replays without non-determinism',
  async (file) => {
    // Recorded with client.workflow.getHandle(id).fetchHistory() and JSON.stringify.
    const history = temporal.api.history.v1.History.fromObject(
      JSON.parse(readFileSync(join(dir, file), 'utf8')),
    );
    await expect(
      Worker.runReplayHistory({ workflowsPath: require.resolve('../../../workflows') }, history, file),
    ).resolves.toBeUndefined();
  },
  120_000,
);
