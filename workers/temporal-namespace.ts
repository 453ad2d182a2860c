/**
 * Registers a Temporal namespace when the server lacks it. The dev server of the local stack starts with
 * `default`; a production server (infra/prod-local.sh, infra/docker-compose.yml) starts with none, and the
 * test suites register one of their own per run. Returns once the frontend serves the namespace (its
 * namespace cache refreshes every few seconds on a production server).
 */
import { type Connection, isGrpcServiceError } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';

const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;

export async function ensureNamespace(
  connection: Connection,
  namespace: string,
  retentionDays: number,
): Promise<'registered' | 'present'> {
  let outcome: 'registered' | 'present' = 'present';
  try {
    await connection.workflowService.describeNamespace({ namespace });
  } catch (cause) {
    if (!isGrpcServiceError(cause) || cause.code !== NOT_FOUND) throw cause;
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`),
      });
      outcome = 'registered';
    } catch (raced) {
      if (!isGrpcServiceError(raced) || raced.code !== ALREADY_EXISTS) throw raced;
    }
  }
  await untilServed(connection, namespace);
  return outcome;
}

async function untilServed(connection: Connection, namespace: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await connection.workflowService.countWorkflowExecutions({ namespace });
      return;
    } catch (cause) {
      if (Date.now() > deadline) throw cause;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
