/**
 * `qtm experiment cancel <id>`: cancels a running experiment, given its workflow id or its experiment id.
 * Temporal passes the cancellation to each step in flight through its heartbeats; the steps stop, the
 * workflow waits for all of them and then marks the experiment CANCELLED, so nothing is written after
 * that. Without --no-wait the command waits for that to happen and says so.
 */
import { CancelledFailure, Client, WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import type { Command } from 'commander';
import { CodedError } from '../../perfusion/errors';
import { loadSettings, type Settings } from '../../runtime/settings';
import { openResultsRepository } from '../../storage/results-repository';
import { connectTemporalClient } from '../../workers/temporal-connection';

class ExperimentCancelError extends CodedError {
  override readonly name = 'ExperimentCancelError';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A workflow id as given, or the workflow id recorded for an experiment id. */
async function workflowIdOf(id: string, settings: Settings): Promise<string> {
  if (!UUID.test(id)) return id;
  const results = await openResultsRepository(settings.databaseUrl);
  try {
    const row = await results.findExperiment(id);
    if (row?.workflowId) return row.workflowId;
    throw new ExperimentCancelError(
      'EXPERIMENT_NOT_FOUND',
      `no experiment ${id} with a workflow is recorded in DATABASE_URL's database; give its workflow id instead`,
    );
  } finally {
    await results.close();
  }
}

export function registerExperimentCancel(experiment: Command): void {
  experiment
    .command('cancel <id>')
    .description('cancel a running experiment (workflow id or experiment id); it ends CANCELLED')
    .option('--no-wait', 'return once the cancellation is requested')
    .action(async (id: string, opts: { wait: boolean }) => {
      const say = (line: string) => process.stdout.write(`${line}\n`);
      const settings = loadSettings();
      const workflowId = await workflowIdOf(id, settings);
      const connection = await connectTemporalClient(settings);
      try {
        const handle = new Client({ connection, namespace: settings.temporal.namespace }).workflow.getHandle(
          workflowId,
        );
        try {
          await handle.cancel();
        } catch (err) {
          if (err instanceof WorkflowNotFoundError)
            throw new ExperimentCancelError(
              'EXPERIMENT_NOT_FOUND',
              `no running experiment with workflow id ${workflowId} in Temporal namespace ${settings.temporal.namespace} (it may have finished already, or never started)`,
            );
          throw err;
        }
        say(`experiment ${workflowId}: cancellation requested; its steps stop at their next heartbeat`);
        if (!opts.wait) return;
        try {
          await handle.result();
          say(`experiment ${workflowId} finished before the cancellation reached it`);
        } catch (err) {
          if (!(err instanceof WorkflowFailedError && err.cause instanceof CancelledFailure)) throw err;
          say(`experiment ${workflowId} cancelled: its steps stopped and it is marked CANCELLED`);
        }
      } finally {
        await connection.close();
      }
    });
}
