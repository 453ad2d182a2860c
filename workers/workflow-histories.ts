/**
 * The event histories of an experiment: its workflow's and those of the batch workflows it started (found in
 * its history's child-workflow events), by workflow id. Read by the scale benchmark and the tests that
 * check every history stays small, and by whoever records histories for the replay tests.
 */
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

export type History = temporal.api.history.v1.IHistory;

export async function workflowHistories(client: Client, workflowId: string): Promise<Map<string, History>> {
  const histories = new Map<string, History>();
  const visit = async (id: string) => {
    const history = await client.workflow.getHandle(id).fetchHistory();
    histories.set(id, history);
    for (const e of history.events ?? []) {
      const child = e.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.workflowId;
      if (child && !histories.has(child)) await visit(child);
    }
  };
  await visit(workflowId);
  return histories;
}
