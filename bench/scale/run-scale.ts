/**
 * The scale benchmark (bench/scale/README.md): runs an experiment config (default experiments/scale.yaml)
 * end to end on the local stack with one cpu and one gpu worker as separate `qtm worker` processes, and
 * prints its wall time, the events of every workflow history, the peak memory (RSS) of each worker
 * process, the rows it wrote, and the orchestration overhead (wall time minus the activity time on the
 * critical path, critical-path.ts). Options override the config for shorter runs:
 *   node dist/bench/scale/run-scale.js [--config FILE] [--lgg N --hgg N] [--subjects-per-batch N]
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { stringify } from 'yaml';
import { parseExperimentConfig } from '../../formats/experiment-config';
import { readYamlFile } from '../../formats/yaml-file';
import { projectRoot } from '../../runtime/project-paths';
import { loadSettings } from '../../runtime/settings';
import { connectTemporalClient, temporalClient } from '../../workers/temporal-connection';
import { workflowHistories } from '../../workers/workflow-histories';
import { criticalPath } from './critical-path';
import { historyFigures } from './history-figures';

const cli = join(projectRoot(), 'dist', 'cli', 'main.js');
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

/** The config with the command line's overrides, written where `qtm experiment run` reads it. */
function configFile(dir: string): { path: string; subjects: number } {
  const source = arg('config') ?? join(projectRoot(), 'experiments', 'scale.yaml');
  const raw = readYamlFile(source) as Record<string, Record<string, unknown>>;
  for (const grade of ['lgg', 'hgg']) if (arg(grade)) raw.cohort[grade] = Number(arg(grade));
  if (arg('subjects-per-batch'))
    raw.limits = { ...raw.limits, subjectsPerBatch: Number(arg('subjects-per-batch')) };
  const config = parseExperimentConfig(raw, source);
  const path = join(dir, 'experiment.yaml');
  writeFileSync(path, stringify(raw));
  return { path, subjects: (config.cohort?.lgg ?? 0) + (config.cohort?.hgg ?? 0) };
}

interface WorkerProcess {
  kind: string;
  child: ChildProcess;
  log: string;
  peakRssKiB: number;
}

function startWorker(kind: string, dir: string): WorkerProcess {
  const log = join(dir, `${kind}-worker.log`);
  const fd = openSync(log, 'a');
  const child = spawn(process.execPath, [cli, 'worker', '--queue', kind], { stdio: ['ignore', fd, fd] });
  return { kind, child, log, peakRssKiB: 0 };
}

/** VmHWM: the process's peak resident set, kiB (worker threads included: they share the process). */
function peakRssKiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function waitUntilPolling(w: WorkerProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (readFileSync(w.log, 'utf8').includes('worker polling')) return;
    if (w.child.exitCode !== null) throw new Error(`${w.kind} worker exited; see ${w.log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${w.kind} worker did not start polling in 60 s; see ${w.log}`);
}

async function rowsWritten(databaseUrl: string, experimentId: string): Promise<Record<string, number>> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const runs = `SELECT id FROM "Run" WHERE "experimentId" = $1`;
    const counts: Record<string, string> = {
      Run: runs,
      LineageEdge: `SELECT 1 FROM "LineageEdge" WHERE "runId" IN (${runs})`,
      Metric: `SELECT 1 FROM "Metric" WHERE "runId" IN (${runs})`,
      Dataset: `SELECT 1 FROM "Dataset" WHERE "producedByRunId" IN (${runs})`,
      Artifact: `SELECT 1 FROM "Artifact" WHERE "producedByRunId" IN (${runs})`,
      Checkpoint: `SELECT 1 FROM "Checkpoint" WHERE "runId" IN (${runs})`,
    };
    const out: Record<string, number> = {};
    for (const [table, sql] of Object.entries(counts))
      out[table] = Number((await db.query(`SELECT count(*) AS n FROM (${sql}) t`, [experimentId])).rows[0].n);
    return out;
  } finally {
    await db.end();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'qtm-bench-scale-'));
  const { path, subjects } = configFile(dir);
  const settings = loadSettings();
  const load = [loadavg()[0]];
  const workers = ['cpu', 'gpu'].map((kind) => startWorker(kind, dir));
  const sampler = setInterval(() => {
    for (const w of workers) w.peakRssKiB = Math.max(w.peakRssKiB, peakRssKiB(w.child.pid));
  }, 1000);
  try {
    await Promise.all(workers.map(waitUntilPolling));
    const started = Date.now();
    const run = spawnSync(process.execPath, [cli, 'experiment', 'run', path, '--detach', '--json'], {
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`qtm experiment run failed: ${run.stderr}`);
    const { workflowId } = JSON.parse(run.stdout) as { workflowId: string };
    const connection = await connectTemporalClient(settings);
    try {
      const client = temporalClient(connection, settings);
      const result = (await client.workflow.getHandle(workflowId).result()) as { experimentId: string };
      const seenMs = Date.now() - started;
      for (const w of workers) w.peakRssKiB = Math.max(w.peakRssKiB, peakRssKiB(w.child.pid));
      load.push(loadavg()[0]);
      const h = historyFigures(workflowId, await workflowHistories(client, workflowId));
      const critical = criticalPath(h.intervals, h.startMs, h.endMs);
      const rows = await rowsWritten(settings.databaseUrl, result.experimentId);
      const s = (x: number) => (x / 1000).toFixed(1);
      const lines = [
        `experiment ${workflowId}: ${subjects} subjects, ${h.batches.count} batch workflows`,
        `wall time: ${s(critical.wallMs)} s (workflow start to end; ${s(seenMs)} s seen by the client)`,
        `events: experiment workflow ${h.experiment.events} (${(h.experiment.bytes / 1024).toFixed(0)} KiB); batch workflows max ${h.batches.maxEvents}, median ${h.batches.medianEvents} (largest ${(h.batches.maxBytes / 1024).toFixed(0)} KiB)`,
        `peak RSS: ${workers.map((w) => `${w.kind} worker ${(w.peakRssKiB / 1024).toFixed(0)} MiB`).join(', ')}`,
        `rows written: ${Object.entries(rows)
          .map(([t, n]) => `${t} ${n}`)
          .join(', ')} (total ${Object.values(rows).reduce((a, b) => a + b, 0)})`,
        `critical path: ${critical.activities} activities, ${s(critical.activityMs)} s of activity time`,
        `  ${Object.entries(critical.byType)
          .sort((a, b) => b[1].ms - a[1].ms)
          .map(([t, v]) => `${t} ${v.count} x ${s(v.ms / v.count)} s`)
          .join(', ')}`,
        `orchestration overhead: ${s(critical.overheadMs)} s = ${((100 * critical.overheadMs) / critical.wallMs).toFixed(2)}% of wall time (target < 5%)`,
        `machine: ${availableParallelism()} cores, load average ${load.map((l) => l.toFixed(1)).join(' at start, ')} at end`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    } finally {
      await connection.close();
    }
  } finally {
    clearInterval(sampler);
    for (const w of workers) w.child.kill('SIGTERM');
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
});
