/**
 * The experiment commands on the real stack: `run --detach` and `run --embedded-workers` of a tiny
 * experiment (every stage), then `list`, `show`, `compare` and `report` on what they recorded, and
 * `--version`. The second run differs only in the grading seed (a new one on every test run, so its grading is
 * computed even on a stack that ran this test before), so the step cache serves everything before grading and
 * `show`/`compare` have cache hits and metric differences to report.
 */
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { ExperimentStatus } from '../../../cli/experiment-status';
import { runWorkersUntilDone, settingsFor } from '../support/experiment-run';
import { qtm, qtmJson, TINY_CONFIG } from '../support/qtm-cli';

const dir = mkdtempSync(join(tmpdir(), 'qtm-experiment-commands-'));
let first: string;
let second: string;
let rerun: ReturnType<typeof qtm>;
const gradingSeed = 1000 + randomInt(1_000_000);

beforeAll(async () => {
  const started = qtm(['experiment', 'run', TINY_CONFIG, '--detach', '--json']);
  expect(started).toMatchObject({ status: 0 });
  first = JSON.parse(started.stdout).workflowId;
  expect(started.stderr).toContain(`qtm experiment show ${first}`);
  // Nothing served the queues while the command ran: these workers do the whole experiment.
  await runWorkersUntilDone(settingsFor(), first);

  const config = parse(readFileSync(TINY_CONFIG, 'utf8'));
  config.grading.seed = gradingSeed;
  const changed = join(dir, 'tiny-new-grading-seed.yaml');
  writeFileSync(changed, stringify(config));
  rerun = qtm(['experiment', 'run', changed, '--embedded-workers']);
  expect(rerun).toMatchObject({ status: 0 });
  second = (rerun.stderr.match(/workflow (\S+) started/) as RegExpMatchArray)[1];
});

test('run: results on stdout, one progress line per change on stderr (not a terminal), no SDK noise', () => {
  expect(rerun.stdout).toMatch(/^experiment [0-9a-f-]{36} succeeded/);
  expect(rerun.stdout).toMatch(/report: results\/.+\/report\.html/);
  expect(rerun.stdout).not.toMatch(/started|polling|elapsed/);
  for (const stage of [
    'simulate 6/6 done, 6 cached',
    'fit 6/6 done, 6 cached',
    'train 2/2 done, 2 cached',
    'features 6/6 done, 6 cached',
  ])
    expect(rerun.stderr).toContain(stage);
  expect(rerun.stderr).toMatch(/^grade 1\/1 done, \d+:\d\d elapsed$/m);
  expect(rerun.stderr).not.toContain('No workflows registered');
});

test('list: both experiments, newest first', () => {
  const rows = qtmJson<Array<{ workflowId: string; status: string; runCount: number }>>([
    'experiment',
    'list',
  ]);
  const ids = rows.map((r) => r.workflowId);
  expect(ids.indexOf(second)).toBeLessThan(ids.indexOf(first));
  expect(rows.find((r) => r.workflowId === first)).toMatchObject({ status: 'SUCCEEDED' });
  const text = qtm(['experiment', 'list']).stdout.split('\n');
  expect(text[0]).toMatch(/^id\s+name\s+status\s+started\s+took\s+runs\s+code\s+workflow$/);
  expect(text.some((l) => l.includes(first) && l.includes('SUCCEEDED'))).toBe(true);
});

test('show: every stage complete, steps with durations, cache hits and metrics', () => {
  const a = qtmJson<ExperimentStatus>(['experiment', 'show', first]);
  expect(a.stages.map((s) => [s.stage, s.done, s.total])).toEqual([
    ['simulate', 6, 6],
    ['fit', 6, 6],
    ['train', 2, 2],
    ['infer', 6, 6],
    ['features', 6, 6],
    ['grade', 1, 1],
  ]);
  expect(a.workflow?.status).toBe('COMPLETED');
  const grade = a.steps.find((s) => s.kind === 'grade-cohort');
  expect(grade?.metrics.length).toBeGreaterThan(10);
  expect(a.steps.find((s) => s.kind === 'train-qtmnet')?.metrics.map((m) => m.name)).toContain(
    'validation_loss',
  );
  expect(a.steps.every((s) => s.status === 'SUCCEEDED' && s.attempts === 1 && s.durationMs !== null)).toBe(
    true,
  );

  const b = qtmJson<ExperimentStatus>(['experiment', 'show', second]);
  const cached = (stage: string) => b.steps.filter((s) => s.stage === stage).map((s) => s.cached);
  expect(cached('simulate')).toEqual(Array(6).fill(true));
  expect(cached('grade')).toEqual([false]);
  // a cache hit shows the metrics of the run that made what it reused
  expect(b.steps.find((s) => s.kind === 'train-qtmnet')?.metrics.map((m) => m.name)).toContain(
    'validation_loss',
  );

  const text = qtm(['experiment', 'show', b.experiment.id.slice(0, 8)]).stdout;
  expect(text).toMatch(/^ {2}simulate {2}\[#{20}\] +6\/6 {2}6 cached/m);
  expect(text).toMatch(/^ {2}grade +grade-cohort +SUCCEEDED +1 +\d+:\d\d +- +report [0-9a-f]{12}/m);
  expect(text).toContain('auc:');
});

test('compare: the one config change and the metric differences', () => {
  const c = qtmJson<{
    config: unknown[];
    metrics: Array<{ key: string; a: number | null; b: number | null }>;
  }>(['experiment', 'compare', first, second]);
  expect(c.config).toEqual([{ path: 'grading.seed', a: 1, b: gradingSeed }]);
  // the grading seed moves bootstrap intervals, not AUCs: every AUC is on both sides
  const aucs = c.metrics.filter((m) => m.key.startsWith('grade-cohort auc:'));
  expect(aucs.length).toBeGreaterThan(10);
  expect(aucs.every((m) => m.a !== null && m.a === m.b)).toBe(true);
  const text = qtm(['experiment', 'compare', first, second]).stdout;
  expect(text).toContain(`config: 1 difference\n  grading.seed: 1 -> ${gradingSeed}`);
});

test('report: downloads the report and prints its headline', () => {
  const out = join(dir, 'report');
  const r = qtm(['experiment', 'report', first, '--out', out]);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(
    /^primary features \(pre-specified in grading\.primary\):\n {2}2cxm: 2cxm_\w+, AUC \d\.\d{3}/m,
  );
  expect(r.stdout).toContain(`report: ${join(out, 'report.html')}`);
  expect(readFileSync(join(out, 'roc.png')).readUInt32BE(0)).toBe(0x89504e47);
  const missing = qtm(['experiment', 'report', 'no-such-experiment']);
  expect(missing.status).toBe(2);
  expect(missing.stderr).toMatch(/^qtm: RESULT_NOT_FOUND: no experiment has the id/);
});

test('--version prints the package version and the code version', () => {
  const version = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')).version;
  expect(qtm(['--version']).stdout).toMatch(
    new RegExp(`^qtm ${version.replace(/\./g, '\\.')} \\(code .+\\)\\n$`),
  );
});
