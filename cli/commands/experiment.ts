/**
 * `qtm experiment`: `run <config.yaml>` starts an ExperimentWorkflow and, unless `--detach`, waits for it with
 * live progress on stderr and the results on stdout (`--json` for scripts); `--embedded-workers` runs a cpu
 * and a gpu worker in this process for the duration (the README's main job), otherwise long-running workers
 * (`qtm worker`) must be serving the queues. The other subcommands (list, show, compare, report) read what
 * experiments recorded and live in their own files, registered below.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { ExperimentConfig } from '../../contracts/experiment-config';
import type { ExperimentResult, StepOutcome } from '../../contracts/step-outcomes';
import { parseExperimentConfig, readExperimentConfig } from '../../formats/experiment-config';
import { gradingSummaryLines } from '../../reports/grading-summary-text';
import { createLogger } from '../../runtime/logger';
import { loadSettings } from '../../runtime/settings';
import { hashOf } from '../../storage/canonical-json';
import { openResultsRepository } from '../../storage/results-repository';
import { connectTemporalClient, temporalClient } from '../../workers/temporal-connection';
import { createWorker } from '../../workers/worker-process';
import { experimentWorkflow } from '../../workflows/experiment-workflow';
import { TASK_QUEUES } from '../../workflows/task-queues';
import { integerOption, safeNameOption } from '../option-parsers';
import { createProgressView } from '../progress-view';
import { downloadReport } from '../report-download';
import { watchProgress } from '../workflow-progress';
import { registerExperimentCancel } from './experiment-cancel';
import { registerExperimentCompare } from './experiment-compare';
import { registerExperimentList } from './experiment-list';
import { registerExperimentReport } from './experiment-report';
import { registerExperimentShow } from './experiment-show';

interface RunOptions {
  embeddedWorkers?: boolean;
  id?: string;
  detach?: boolean;
  json?: boolean;
  cohortSeed?: number;
}

/** Subcommands besides `run`, one file each. */
const subcommands: Array<(experiment: Command) => void> = [
  registerExperimentList,
  registerExperimentShow,
  registerExperimentCompare,
  registerExperimentReport,
  registerExperimentCancel,
];

export function registerExperiment(program: Command): void {
  const experiment = program
    .command('experiment')
    .description('run experiments as durable Temporal workflows, and look at what they recorded');
  experiment
    .command('run <config>')
    .description('start an experiment from a YAML config and wait for its result (or --detach)')
    .option('--embedded-workers', 'run a cpu and a gpu worker inside this process while the experiment runs')
    .option(
      '--id <workflowId>',
      'workflow id, also the name of its results/<id>/ folder (default: <name>-<config hash>-<random>)',
      safeNameOption,
    )
    .option('--detach', 'start the workflow, print its id and return (follow it with `qtm experiment show`)')
    .option('--json', 'print the result (or, with --detach, the workflow id) as JSON on stdout')
    .option(
      '--cohort-seed <seed>',
      'replicate the experiment on a new simulated cohort: subject k gets seed <seed> + k, the name gains -seed<seed>, and every step that does not depend on the cohort (training) comes from the step cache',
      integerOption(0),
    )
    .action(async (configPath: string, opts: RunOptions, command: Command) => {
      if (opts.detach && opts.embeddedWorkers)
        command.error('error: --detach returns at once, so it cannot run --embedded-workers', {
          code: 'commander.conflictingOption',
          exitCode: 2,
        });
      const config = readExperimentConfig(configPath);
      if (opts.cohortSeed !== undefined && !config.cohort)
        command.error(`error: --cohort-seed replicates a simulated cohort, and ${configPath} has none`, {
          code: 'commander.invalidArgument',
          exitCode: 2,
        });
      await runExperiment(
        opts.cohortSeed === undefined ? config : withCohortSeed(config, opts.cohortSeed, configPath),
        opts,
      );
    });
  for (const register of subcommands) register(experiment);
}

/** The config with its cohort drawn from `seed` on, checked again by the schema (seeds disjoint from training). */
function withCohortSeed(config: ExperimentConfig, seed: number, configPath: string): ExperimentConfig {
  return parseExperimentConfig(
    { ...config, name: `${config.name}-seed${seed}`, cohort: { ...config.cohort, seed } },
    `${configPath} with --cohort-seed ${seed}`,
  );
}

async function runExperiment(config: ExperimentConfig, opts: RunOptions): Promise<void> {
  const settings = loadSettings();
  // Results go to stdout, everything about getting there to stderr, so `> result.txt` keeps only results.
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const note = (line: string) => process.stderr.write(`${line}\n`);
  const connection = await connectTemporalClient(settings);
  try {
    const client = temporalClient(connection, settings);
    const workflowId = opts.id ?? `${config.name}-${hashOf(config).slice(0, 12)}-${randomUUID().slice(0, 8)}`;
    const handle = await client.workflow.start(experimentWorkflow, {
      taskQueue: TASK_QUEUES.cpu,
      workflowId,
      args: [config],
    });
    if (opts.detach) {
      say(opts.json ? JSON.stringify({ workflowId }) : workflowId);
      note(`experiment ${config.name} started; follow it with: qtm experiment show ${workflowId}`);
      return;
    }
    note(`experiment ${config.name}: workflow ${workflowId} started (Temporal ${settings.temporal.address})`);
    // Workers first: their start-up lines must come before the progress bars, which redraw in place.
    const logger = createLogger(settings.logLevel === 'info' ? 'warn' : settings.logLevel);
    const workers = opts.embeddedWorkers
      ? await Promise.all([createWorker('cpu', settings, logger), createWorker('gpu', settings, logger)])
      : [];
    if (workers.length > 0) note('embedded cpu and gpu workers polling');
    const results = await openResultsRepository(settings.databaseUrl);
    const tty = Boolean(process.stderr.isTTY);
    const stopProgress = watchProgress(
      handle,
      config,
      results,
      createProgressView(process.stderr, tty),
      tty ? 1000 : 5000,
    );
    let result: ExperimentResult;
    try {
      const done = handle.result();
      try {
        await Promise.all(workers.map((w) => w.worker.runUntil(done.catch(() => undefined))));
      } finally {
        await Promise.all(workers.map((w) => w.close()));
      }
      result = await done;
    } finally {
      await stopProgress();
      await results.close();
    }
    if (opts.json) say(JSON.stringify(result, null, 2));
    else
      printResult(
        result,
        say,
        config.importedCohort ? `imported (${config.importedCohort.dataset})` : 'simulated',
      );
    if (result.cohort) {
      const report = await downloadReport(
        result.cohort.grading.output.sha256,
        join('results', workflowId),
        settings,
      );
      if (!opts.json) say(`  report: ${report}`);
    }
  } finally {
    await connection.close();
  }
}

function printResult(r: ExperimentResult, say: (line: string) => void, source: string): void {
  say(`experiment ${r.experimentId} succeeded (code ${r.codeVersion})`);
  say(
    `  AIF dataset ${r.aif.output.uri} (${r.aif.output.bytes} bytes${r.aif.cached ? ', from the step cache' : ''}), run ${r.aif.runId}`,
  );
  say(`  plasma AIF peak ${r.aif.peakPlasmaMm.toFixed(3)} mM at ${r.aif.peakTimeS} s`);
  say(`  gpu-queue compute backend: ${r.computeBackend.name}, run ${r.computeBackend.runId}`);
  const c = r.cohort;
  if (!c) return;
  const cached = (o: StepOutcome) => (o.cached ? ' (cached)' : '');
  say(
    `  cohort: ${c.subjects.lgg + c.subjects.hgg} ${source} subjects (${c.subjects.lgg} LGG, ${c.subjects.hgg} HGG) in ${c.batches.length} batch${c.batches.length === 1 ? '' : 'es'}; ${c.steps.cached} of their ${c.steps.total} steps from the step cache`,
  );
  if (c.model)
    say(
      `  QTMnet: trained on ${c.model.backend}, final validation loss ${c.model.validationLoss.toFixed(4)}, model ${c.model.output.sha256.slice(0, 12)}${cached(c.model)}`,
    );
  for (const line of gradingSummaryLines(c.grading)) say(`  ${line}`);
}
