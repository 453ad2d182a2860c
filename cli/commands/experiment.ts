/**
 * `qtm experiment run <config.yaml>` starts an ExperimentWorkflow and waits for it, printing progress and
 * the results; `--embedded-workers` runs a cpu and a gpu worker in this process for the duration (the
 * README's main job), otherwise long-running workers (`qtm worker`) must be serving the queues.
 */
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { Command } from 'commander';
import { readExperimentConfig } from '../../formats/experiment-config';
import { hashOf } from '../../storage/canonical-json';
import { createLogger } from '../../storage/logger';
import { loadSettings } from '../../storage/settings';
import { connectTemporalClient } from '../../workers/temporal-connection';
import { createWorker } from '../../workers/worker-process';
import type { ExperimentResult } from '../../workflows/experiment-types';
import { TASK_QUEUES } from '../../workflows/task-queues';

export function registerExperiment(program: Command): void {
  const experiment = program.command('experiment').description('run experiments as durable Temporal workflows');
  experiment
    .command('run <config>')
    .description('start an experiment from a YAML config and wait for its result')
    .option('--embedded-workers', 'run a cpu and a gpu worker inside this process while the experiment runs')
    .option('--id <workflowId>', 'workflow id (default: <name>-<config hash>-<random>)')
    .action(async (configPath: string, opts: { embeddedWorkers?: boolean; id?: string }) => {
      const config = readExperimentConfig(configPath);
      const settings = loadSettings();
      const say = (line: string) => process.stdout.write(`${line}\n`);
      const connection = await connectTemporalClient(settings);
      try {
        const client = new Client({ connection, namespace: settings.temporal.namespace });
        const workflowId = opts.id ?? `${config.name}-${hashOf(config).slice(0, 12)}-${randomUUID().slice(0, 8)}`;
        const handle = await client.workflow.start('experimentWorkflow', { taskQueue: TASK_QUEUES.cpu, workflowId, args: [config] });
        say(`experiment ${config.name}: workflow ${workflowId} started (Temporal ${settings.temporal.address})`);
        let result: ExperimentResult;
        if (opts.embeddedWorkers) {
          const logger = createLogger(settings.logLevel === 'info' ? 'warn' : settings.logLevel);
          const workers = await Promise.all([createWorker('cpu', settings, logger), createWorker('gpu', settings, logger)]);
          say('embedded cpu and gpu workers polling');
          const done = handle.result() as Promise<ExperimentResult>;
          try {
            await Promise.all(workers.map((w) => w.worker.runUntil(done.catch(() => undefined))));
          } finally {
            await Promise.all(workers.map((w) => w.close()));
          }
          result = await done;
        } else {
          result = (await handle.result()) as ExperimentResult;
        }
        printResult(result, say);
      } finally {
        await connection.close();
      }
    });
}

function printResult(r: ExperimentResult, say: (line: string) => void): void {
  say(`experiment ${r.experimentId} succeeded (code ${r.codeVersion})`);
  say(`  AIF dataset ${r.aif.output.uri} (${r.aif.output.bytes} bytes${r.aif.cached ? ', from the step cache' : ''}), run ${r.aif.runId}`);
  say(`  plasma AIF peak ${r.aif.peakPlasmaMm.toFixed(3)} mM at ${r.aif.peakTimeS} s`);
  say(`  gpu-queue compute backend: ${r.computeBackend.name}, run ${r.computeBackend.runId}`);
}
