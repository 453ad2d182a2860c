/**
 * What the read-only experiment commands need around their work: the results database (required), and the
 * Temporal workflow of an experiment when Temporal answers (optional: without it they show what PostgreSQL
 * recorded and say so on stderr).
 */
import type { WorkflowHandle } from '@temporalio/client';
import { loadSettings, type Settings } from '../runtime/settings';
import { openResultsRepository, type ResultsRepository } from '../storage/results-repository';
import { connectTemporalClient, temporalClient } from '../workers/temporal-connection';

export async function withResults<T>(
  work: (results: ResultsRepository, settings: Settings) => Promise<T>,
): Promise<T> {
  const settings = loadSettings();
  const results = await openResultsRepository(settings.databaseUrl);
  try {
    return await work(results, settings);
  } finally {
    await results.close();
  }
}

export async function withWorkflowHandle<T>(
  settings: Settings,
  workflowId: string | null,
  work: (handle: WorkflowHandle | null) => Promise<T>,
): Promise<T> {
  if (workflowId === null) return work(null);
  let connection: Awaited<ReturnType<typeof connectTemporalClient>>;
  try {
    connection = await connectTemporalClient(settings);
  } catch (err) {
    process.stderr.write(`qtm: ${(err as Error).message}; showing what the database recorded\n`);
    return work(null);
  }
  try {
    const client = temporalClient(connection, settings);
    return await work(client.workflow.getHandle(workflowId));
  } finally {
    await connection.close();
  }
}
