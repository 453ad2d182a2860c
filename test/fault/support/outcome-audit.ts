/**
 * What a fault-suite experiment produced, in a form two runs can be compared by: every data artifact as
 * its files' hashes (provenance fields that name the experiment, the code version or a duration left out),
 * and every metric of a succeeded run. And the row audit: no run left RUNNING, no step with two producing
 * runs or none that succeeded, no dataset or artifact without a succeeded producer, no repeated metric.
 */
import { tmpdir } from 'node:os';
import { cohortBatchTableSchema } from '../../../contracts/cohort-batch';
import type { ExperimentResult } from '../../../contracts/step-outcomes';
import { getManifest } from '../../../storage/dataset-manifest';
import { openObjectStore } from '../../../storage/object-store-client';
import { batchSubjects } from '../../integration/support/batch-tables';
import type { ScenarioRun } from './scenario-run';

export interface Outcome {
  /**
   * artifact label (aif, <subject>/data, <subject>/maps/<method>, training input, model, report) -> file ->
   * content hash; feature rows (<subject>/features) as { object: hash }; batch tables (batch <k>) by what they
   * list, each subject's grade and methods (the hashes they hold name datasets whose provenance differs
   * from run to run; those datasets are compared file by file above)
   */
  artifacts: Record<string, Record<string, string>>;
  /** "<run kind> <metric name> step <n> fold <n>" -> value, for succeeded runs */
  metrics: Record<string, number>;
  datasetRows: number;
}

// Fields that say which experiment or code made a file, when, or how long it took; everything else must match.
const VOLATILE = new Set([
  'experiment_id',
  'experimentId',
  'codeVersion',
  'code_version',
  'seconds',
  'created',
]);
// Provenance names the activity's temporary work folder (work-dir.ts), different on every run.
const WORK_DIR = new RegExp(`${tmpdir()}/qtm-[a-z]+-[A-Za-z0-9]{6}`, 'g');

function withoutVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutVolatile);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !VOLATILE.has(k))
      .map(([k, v]) => [k, withoutVolatile(v)]),
  );
}

export async function outcomeOf(run: ScenarioRun, result: ExperimentResult): Promise<Outcome> {
  const store = await openObjectStore(run.s3);
  const refs: Array<[string, string]> = [['aif', result.aif.output.sha256]];
  const datasets: Array<[string, string]> = [];
  for (const s of await batchSubjects(store, result)) {
    refs.push([`${s.subject}/data`, s.data]);
    for (const [method, maps] of Object.entries(s.maps)) refs.push([`${s.subject}/maps/${method}`, maps]);
    datasets.push([`${s.subject}/features`, s.features]);
  }
  const tables: Outcome['artifacts'] = {};
  for (const [k, b] of (result.cohort?.batches ?? []).entries()) {
    const table = cohortBatchTableSchema.parse(
      JSON.parse((await store.getBytes(b.output.sha256)).toString('utf8')),
    );
    tables[`batch ${k + 1}`] = Object.fromEntries(
      table.subjects.map((s) => [s.subject, `${s.grade} ${Object.keys(s.maps).sort().join(',')}`]),
    );
  }
  if (result.cohort?.trainingInput) refs.push(['training input', result.cohort.trainingInput.output.sha256]);
  if (result.cohort?.model) refs.push(['model', result.cohort.model.output.sha256]);
  if (result.cohort) refs.push(['report', result.cohort.grading.output.sha256]);
  const artifacts: Outcome['artifacts'] = {
    ...tables,
    ...Object.fromEntries(datasets.map(([label, sha256]) => [label, { object: sha256 }])),
  };
  for (const [label, sha256] of refs) {
    const files: Record<string, string> = {};
    for (const shard of (await getManifest(store, sha256)).shards) {
      files[shard.name] = shard.name.endsWith('.json')
        ? JSON.stringify(
            withoutVolatile(
              JSON.parse((await store.getBytes(shard.sha256)).toString('utf8').replace(WORK_DIR, '<work>')),
            ),
          )
        : shard.sha256;
    }
    artifacts[label] = files;
  }
  const rows = await run.query<{
    kind: string;
    name: string;
    step: number | null;
    fold: number | null;
    value: number;
  }>(
    `SELECT r.kind, m.name, m.step, m.fold, m.value FROM "Metric" m JOIN "Run" r ON r.id = m."runId" WHERE r.status = 'SUCCEEDED'`,
  );
  const metrics = Object.fromEntries(
    rows.map((m) => [`${m.kind} ${m.name} step ${m.step} fold ${m.fold}`, m.value]),
  );
  const [{ n }] = await run.query<{ n: string }>(`SELECT count(*) AS n FROM "Dataset"`);
  return { artifacts, metrics, datasetRows: Number(n) };
}

export interface Attempt {
  id: string;
  kind: string;
  attempt: number;
  status: string;
  errorCode: string | null;
}

/** Rows that break the invariants (expected: none), and the runs that did not succeed (attempts recorded as such). */
export async function auditRows(
  run: ScenarioRun,
): Promise<{ violations: string[]; unsuccessful: Attempt[] }> {
  const checks: Array<[string, string]> = [
    ['run left RUNNING', `SELECT kind || ' attempt ' || attempt AS what FROM "Run" WHERE status = 'RUNNING'`],
    [
      'step with two producing runs',
      `SELECT min(kind) AS what FROM "Run" r WHERE status = 'SUCCEEDED' AND EXISTS (SELECT 1 FROM "LineageEdge" e WHERE e."runId" = r.id AND e.direction = 'PRODUCED') GROUP BY "stepKey" HAVING count(*) > 1`,
    ],
    [
      'step that never succeeded',
      `SELECT min(kind) AS what FROM "Run" WHERE "stepKey" IS NOT NULL GROUP BY "stepKey" HAVING NOT bool_or(status = 'SUCCEEDED')`,
    ],
    [
      'dataset without a succeeded producer',
      `SELECT d.kind AS what FROM "Dataset" d WHERE NOT EXISTS (SELECT 1 FROM "LineageEdge" e JOIN "Run" r ON r.id = e."runId" WHERE e."datasetId" = d.id AND e.direction = 'PRODUCED' AND r.status = 'SUCCEEDED')`,
    ],
    [
      'artifact without a succeeded producer',
      `SELECT a.kind AS what FROM "Artifact" a WHERE NOT EXISTS (SELECT 1 FROM "LineageEdge" e JOIN "Run" r ON r.id = e."runId" WHERE e."artifactId" = a.id AND e.direction = 'PRODUCED' AND r.status = 'SUCCEEDED')`,
    ],
    [
      'repeated metric',
      `SELECT name AS what FROM "Metric" GROUP BY "runId", name, step, fold HAVING count(*) > 1`,
    ],
    ['experiment not SUCCEEDED', `SELECT status::text AS what FROM "Experiment" WHERE status <> 'SUCCEEDED'`],
  ];
  const violations: string[] = [];
  for (const [label, sql] of checks)
    for (const row of await run.query<{ what: string }>(sql)) violations.push(`${label}: ${row.what}`);
  const unsuccessful = await run.query<Attempt>(
    `SELECT id, kind, attempt, status::text AS status, "errorCode" FROM "Run" WHERE status <> 'SUCCEEDED' ORDER BY kind, attempt`,
  );
  return { violations, unsuccessful };
}
