/**
 * `qtm experiment run <config.yaml>` starts an ExperimentWorkflow and waits for it, printing progress and
 * the results; `--embedded-workers` runs a cpu and a gpu worker in this process for the duration (the
 * README's main job), otherwise long-running workers (`qtm worker`) must be serving the queues.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import type { Command } from 'commander';
import type { ExperimentResult, FeatureAuc, StepOutcome } from '../../contracts/step-outcomes';
import { readExperimentConfig } from '../../formats/experiment-config';
import { createLogger } from '../../runtime/logger';
import { loadSettings, type Settings } from '../../runtime/settings';
import { hashOf } from '../../storage/canonical-json';
import { getFolder } from '../../storage/dataset-folder';
import { openObjectStore } from '../../storage/object-store-client';
import { connectTemporalClient } from '../../workers/temporal-connection';
import { createWorker } from '../../workers/worker-process';
import { experimentWorkflow } from '../../workflows/experiment-workflow';
import { TASK_QUEUES } from '../../workflows/task-queues';
import { watchProgress } from '../workflow-progress';

export function registerExperiment(program: Command): void {
  const experiment = program
    .command('experiment')
    .description('run experiments as durable Temporal workflows');
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
        const workflowId =
          opts.id ?? `${config.name}-${hashOf(config).slice(0, 12)}-${randomUUID().slice(0, 8)}`;
        const handle = await client.workflow.start(experimentWorkflow, {
          taskQueue: TASK_QUEUES.cpu,
          workflowId,
          args: [config],
        });
        say(
          `experiment ${config.name}: workflow ${workflowId} started (Temporal ${settings.temporal.address})`,
        );
        let result: ExperimentResult;
        const stopProgress = watchProgress(handle, say);
        if (opts.embeddedWorkers) {
          const logger = createLogger(settings.logLevel === 'info' ? 'warn' : settings.logLevel);
          const workers = await Promise.all([
            createWorker('cpu', settings, logger),
            createWorker('gpu', settings, logger),
          ]);
          say('embedded cpu and gpu workers polling');
          const done = handle.result().finally(stopProgress);
          try {
            await Promise.all(workers.map((w) => w.worker.runUntil(done.catch(() => undefined))));
          } finally {
            await Promise.all(workers.map((w) => w.close()));
          }
          result = await done;
        } else {
          result = await handle.result().finally(stopProgress);
        }
        stopProgress();
        printResult(
          result,
          say,
          config.importedCohort ? `imported (${config.importedCohort.dataset})` : 'simulated',
        );
        if (result.cohort)
          await downloadReport(
            result.cohort.grading.output.sha256,
            join('results', workflowId),
            settings,
            say,
          );
      } finally {
        await connection.close();
      }
    });
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
    `  cohort: ${c.subjects.length} ${source} subjects (${c.subjects.filter((s) => s.grade === 'lgg').length} LGG, ${c.subjects.filter((s) => s.grade === 'hgg').length} HGG)`,
  );
  if (c.model)
    say(
      `  QTMnet: trained on ${c.model.backend}, final validation loss ${c.model.validationLoss.toFixed(4)}, model ${c.model.output.sha256.slice(0, 12)}${cached(c.model)}`,
    );
  const ci = (a: FeatureAuc) =>
    a.ciLow === null ? 'CI undefined' : `95% CI ${a.ciLow.toFixed(3)}-${(a.ciHigh as number).toFixed(3)}`;
  const methods = Object.keys(c.subjects[0]?.maps ?? {});
  for (const m of methods) {
    const best = c.grading.aucs.find((a) => a.feature.startsWith(`${m}_`));
    if (best) say(`  best ${m} feature: ${best.feature}, AUC ${best.auc.toFixed(3)} (${ci(best)})`);
  }
  if (c.grading.comparison) {
    const d = c.grading.comparison;
    say(`  paired DeLong test ${d.a} vs ${d.b}: Z ${d.z.toFixed(2)}, p ${d.p.toFixed(3)}`);
  }
  say(
    `  (a best AUC is a maximum over ${c.grading.aucs.length} features and so optimistic; the report lists them all)`,
  );
}

/** Copies the report dataset (HTML, figures, tables) to a local folder and says where it is. */
async function downloadReport(
  sha256: string,
  dir: string,
  settings: Settings,
  say: (line: string) => void,
): Promise<void> {
  const store = await openObjectStore(settings.s3);
  await getFolder(store, sha256, dir);
  say(
    `  report: ${join(dir, 'report.html')} (figures: ${join(dir, 'roc.png')}, ${join(dir, 'features.png')}; table: ${join(dir, 'features.csv')})`,
  );
}
