/**
 * Replays the recorded histories of every released workflow version (the experiment workflow and its batch
 * workflow) against the current workflow code: a change that would break workflows already running (a
 * reordered or renamed activity, a new step not under patched()) fails here. Record a version's histories
 * with infra/record-workflow-history.js and keep them while its workflows may run (docs/architecture.md,
 * section 7).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';

const dir = join(__dirname, '../../fixtures/histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

test('the current version has recorded histories of both workflows', () => {
  const { version } = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
  expect(files).toEqual(
    expect.arrayContaining([
      expect.stringMatching(new RegExp(`^experiment-workflow-${version}-`)),
      expect.stringMatching(new RegExp(`^cohort-batch-workflow-${version}-`)),
    ]),
  );
});

test.each(files)(
  '%s replays without non-determinism',
  async (file) => {
    // { workflowId, history } as infra/record-workflow-history.js writes it (fetchHistory() as JSON).
    const recorded = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const history = temporal.api.history.v1.History.fromObject(recorded.history);
    await expect(
      Worker.runReplayHistory(
        { workflowsPath: require.resolve('../../../workflows') },
        history,
        recorded.workflowId,
      ),
    ).resolves.toBeUndefined();
  },
  120_000,
);
