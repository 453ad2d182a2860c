/**
 * One experiment of the fault suite on the private stack: its own database and bucket (so the step cache
 * cannot reuse another run's outputs), cpu and gpu workers as separate processes (`qtm worker`, so they can
 * be killed outright), and the workflow started from here. The helpers wait for a moment to strike (a step's
 * run row in flight, a checkpoint heartbeat) and await the result across a Temporal restart.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import type { ExperimentConfig } from '../../../contracts/experiment-config';
import type { ExperimentResult } from '../../../contracts/step-outcomes';
import { projectRoot } from '../../../runtime/project-paths';
import type { Settings } from '../../../runtime/settings';
import { migrateDatabase } from '../../../storage/migrate';
import { experimentWorkflow } from '../../../workflows/experiment-workflow';
import { TASK_QUEUES } from '../../../workflows/task-queues';
import { createFreshDatabase, withClient } from '../../integration/db/fresh-database';
import { createTestBucket } from '../../integration/support/test-bucket';
import type { PrivateStack } from './private-stack';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value other than undefined; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 180_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

export class ScenarioRun {
  readonly workers: Record<'cpu' | 'gpu', ChildProcess[]> = { cpu: [], gpu: [] };
  readonly startedAt = Date.now();
  private constructor(
    readonly name: string,
    readonly databaseUrl: string,
    readonly s3: Settings['s3'],
    readonly handle: WorkflowHandle<typeof experimentWorkflow>,
    private readonly connection: Connection,
    private readonly workerEnv: NodeJS.ProcessEnv,
    private readonly logsDir: string,
  ) {}

  /** Creates the database and bucket, starts one cpu and one gpu worker process, and starts the workflow. */
  static async start(stack: PrivateStack, name: string, config: ExperimentConfig): Promise<ScenarioRun> {
    const db = await createFreshDatabase(stack.settings.databaseUrl);
    await migrateDatabase({ databaseUrl: db.url });
    const s3 = await createTestBucket(stack.settings.s3);
    const connection = await Connection.connect({ address: stack.settings.temporal.address });
    const handle = await new Client({ connection }).workflow.start(experimentWorkflow, {
      taskQueue: TASK_QUEUES.cpu,
      workflowId: `fault-${name}-${Date.now()}`,
      args: [config],
    });
    const env = { ...stack.env, DATABASE_URL: db.url, S3_BUCKET: s3.bucket };
    const run = new ScenarioRun(name, db.url, s3, handle, connection, env, stack.logsDir);
    run.spawnWorker('cpu');
    run.spawnWorker('gpu');
    return run;
  }

  spawnWorker(kind: 'cpu' | 'gpu'): ChildProcess {
    const log = openSync(join(this.logsDir, `${this.name}-${kind}-${this.workers[kind].length}.log`), 'a');
    const child = spawn(
      process.execPath,
      [join(projectRoot(), 'dist/cli/main.js'), 'worker', '--queue', kind],
      {
        env: this.workerEnv,
        stdio: ['ignore', log, log],
      },
    );
    this.workers[kind].push(child);
    return child;
  }

  /** SIGKILLs the newest worker of this kind and starts a replacement, as a supervisor would. */
  killWorker(kind: 'cpu' | 'gpu'): void {
    this.workers[kind].at(-1)?.kill('SIGKILL');
    this.spawnWorker(kind);
  }

  query<R extends object>(sql: string, params: unknown[] = []): Promise<R[]> {
    return withClient(this.databaseUrl, async (c) => (await c.query<R>(sql, params)).rows);
  }

  /** Ids of this experiment's runs of a step kind that are in flight now (their row says RUNNING). */
  async runningRuns(kind: string): Promise<string[] | undefined> {
    const rows = await this.query<{ id: string }>(
      `SELECT id FROM "Run" WHERE kind = $1 AND status = 'RUNNING'`,
      [kind],
    );
    return rows.length > 0 ? rows.map((r) => r.id) : undefined;
  }

  /** The workflow's result; calls that fail because the Temporal server is restarting are repeated. */
  async result(timeoutMs = 300_000): Promise<ExperimentResult> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await this.handle.result();
      } catch (err) {
        if (err instanceof WorkflowFailedError || Date.now() > deadline) throw err;
        await sleep(1000);
      }
    }
  }

  async close(): Promise<void> {
    for (const child of [...this.workers.cpu, ...this.workers.gpu])
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await this.connection.close();
  }
}
