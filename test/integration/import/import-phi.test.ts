/**
 * A DICOM cohort with fake patient data (test/fixtures/dicom) goes through `qtm import` (the built CLI) and an
 * experiment starts from the uploaded dataset; then every place the import and the experiment wrote is searched
 * for every identifying value, in DICOM spellings too (DOE^JOHN, YYYYMMDD) and for every source UID: the output
 * folders and file names, the de-identified DICOM and dcm2niix sidecars of the work folder, the command's
 * output, every object in the bucket, every row of every table, and the workflow's history. None may be found.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Client } from 'pg';
import { experimentConfigSchema } from '../../../contracts/experiment-config';
import { parseDicom, textOf } from '../../../formats/dicom/dicom-file';
import { readSubjectFolder } from '../../../formats/subject-folder';
import { writeSimulatedSubject } from '../../../jobs/simulate-job';
import { DEFAULT_SIMULATION_CONFIG } from '../../../perfusion/simulate/simulation-config';
import { simulateSubject } from '../../../perfusion/simulate/subject-simulation';
import { loadSettings } from '../../../runtime/settings';
import { resolveImportedCohort } from '../../../storage/imported-cohort';
import { openObjectStore } from '../../../storage/object-store-client';
import { openResultsRepository } from '../../../storage/results-repository';
import { temporalClient } from '../../../workers/temporal-connection';
import { workflowHistories } from '../../../workers/workflow-histories';
import {
  exportFakeSubject,
  fakeIdentity,
  identifyingStrings,
  sourceUids,
  writeSourceLabels,
} from '../../fixtures/dicom/fake-source';
import { batchSubjects } from '../support/batch-tables';
import { runWorkersUntilDone, startExperiment } from '../support/experiment-run';
import { createTestBucket, listKeys, removeTestBucket } from '../support/test-bucket';
import { type Finding, scanBytes, scanTree } from './phi-scan';

jest.setTimeout(1_200_000);

const root = mkdtempSync(join(tmpdir(), 'qtm-import-phi-'));
const source = join(root, 'source');
const out = join(root, 'cohort');
const work = join(root, 'work');
const secrets = join(root, 'secrets');
const name = `phi-${Date.now().toString(36)}`;
const cli = join(__dirname, '../../../dist/cli/main.js');
const identities = Array.from({ length: 8 }, (_, k) => fakeIdentity(k));
let s3: Awaited<ReturnType<typeof createTestBucket>>;
let identifying: string[];
let cliOutput = '';

beforeAll(async () => {
  s3 = await createTestBucket();
  const config = structuredClone(DEFAULT_SIMULATION_CONFIG);
  config.imaging.matrix = [16, 16, 6];
  config.protocol.frameCount = 16;
  config.vessels.terminals = 80;
  config.transport.timeStepS = 0.5;
  config.lgg.radiusMm = [3, 4];
  config.hgg = { ...config.hgg, radiusMm: [4, 5], necrosisFraction: [0.4, 0.5], oedemaMarginMm: [1, 2] };
  const rows = identities.map((identity, k) => {
    const grade = k < 4 ? ('lgg' as const) : ('hgg' as const);
    const dir = join(root, 'simulated', String(k));
    writeSimulatedSubject(dir, simulateSubject(config, grade, 500 + k), config, {});
    // Vary the inputs: a VFA series instead of a T1 map, a dose only on the command line, given or computed brain masks.
    exportFakeSubject(dir, source, identity, {
      vfa: k === 0 ? [2, 5, 10, 15] : undefined,
      noDose: k === 1,
      brain: k % 2 === 0,
    });
    return { identity, grade };
  });
  writeSourceLabels(source, rows);
  identifying = [...identities.flatMap(identifyingStrings), ...sourceUids(source)];
  const run = spawnSync(
    process.execPath,
    [
      cli,
      'import',
      '--source',
      source,
      '--out',
      out,
      '--name',
      name,
      '--secrets',
      secrets,
      '--work-dir',
      work,
      '--dose',
      '0.1',
    ],
    { env: { ...process.env, S3_BUCKET: s3.bucket }, encoding: 'utf8', timeout: 900_000 },
  );
  cliOutput = `${run.stdout}\n${run.stderr}`;
  if (run.status !== 0) throw new Error(`qtm import failed (${run.status}): ${cliOutput}`);
});

afterAll(async () => {
  await removeTestBucket(s3);
  rmSync(root, { recursive: true, force: true });
});

const none: Finding[] = [];

describe('qtm import of a DICOM cohort with fake patient data', () => {
  it('checks the search itself: the source is full of the values the outputs must not hold', () => {
    const inSource = scanTree(source, identifying);
    for (const v of ['DOE^JOHN', 'MRN4451234', '19500110', 'St Fake General Hospital', 'DOE_JOHN'])
      expect(inSource.some((f) => f.value === v)).toBe(true);
    expect(identifying.filter((v) => v.startsWith('1.2.826.0.1.3680043')).length).toBeGreaterThan(8);
  });

  it('writes pseudonymised subject folders, a local ID map, and output that names none of it', () => {
    expect(cliOutput).toMatch(/8 pseudonymised subjects/);
    expect(cliOutput).toMatch(new RegExp(`uploaded as imported cohort "${name}": dataset [0-9a-f]{64}`));
    const labels = readFileSync(join(out, 'labels.csv'), 'utf8').trim().split('\n');
    expect(labels.slice(1).every((l) => /^sub-[0-9a-f]{12},(lgg|hgg)$/.test(l))).toBe(true);
    const first = readSubjectFolder(join(out, labels[1].split(',')[0]));
    expect(first.protocol.frame_times_s).toHaveLength(16);
    expect(first.maskArtery.some((m) => m === 1)).toBe(true);
    const idMap = readFileSync(join(secrets, 'id-map.csv'), 'utf8');
    for (const identity of identities) expect(idMap).toContain(identity.id);
    expect(scanTree(out, identifying)).toEqual(none);
    expect(scanBytes('qtm import output', Buffer.from(cliOutput), identifying)).toEqual(none);
  });

  it('gives dcm2niix only de-identified DICOM: shifted dates, replaced UIDs, pseudonyms, no institution', () => {
    expect(scanTree(work, identifying)).toEqual(none);
    const [subject] = readFileSync(join(out, 'labels.csv'), 'utf8').split('\n')[1].split(',');
    const file = parseDicom(readFileSync(join(work, subject, 'dce', 'dicom', '000000.dcm')), 'first file');
    const value = (tag: number) => textOf(file.dataset.find((e) => e.tag === tag) ?? { tag, vr: 'UN' });
    expect(value(0x00100010)).toBe(subject);
    expect(value(0x00080020)).toMatch(/^\d{8}$/);
    expect(value(0x0020000e)).toMatch(/^2\.25\.\d+$/);
    const sidecar = JSON.parse(readFileSync(join(work, subject, 'dce', 'nifti', 'series_5.json'), 'utf8'));
    expect(sidecar.InstitutionName).toBeUndefined();
    expect(sidecar.FlipAngle).toBe(15);
  });

  it('uploads datasets and database rows that hold none of it', async () => {
    const keys = await listKeys(s3);
    expect(keys.length).toBeGreaterThan(8 * 8);
    const store = await openObjectStore(s3);
    for (const key of keys)
      expect(
        scanBytes(`s3 ${key}`, await store.getBytes(key.split('/').pop() as string), identifying),
      ).toEqual(none);
    expect(keys.filter((k) => identifying.some((v) => k.includes(v)))).toEqual([]);
    const db = new Client({ connectionString: loadSettings().databaseUrl });
    await db.connect();
    try {
      const tables = await db.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
      );
      expect(tables.rows.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(['Experiment', 'Run', 'Dataset']),
      );
      for (const { table_name } of tables.rows) {
        const rows = await db.query<{ row: string }>(
          `SELECT row_to_json(t)::text AS row FROM "${table_name}" t`,
        );
        expect(
          scanBytes(`table ${table_name}`, Buffer.from(rows.rows.map((r) => r.row).join('\n')), identifying),
        ).toEqual(none);
      }
    } finally {
      await db.end();
    }
    const results = await openResultsRepository(loadSettings().databaseUrl);
    try {
      const found = await resolveImportedCohort(store, results, name);
      expect(found.cohort.subjects).toHaveLength(8);
    } finally {
      await results.close();
    }
  });

  it('runs an experiment from the imported dataset whose workflow history holds none of it', async () => {
    const settings = { ...loadSettings(), s3 };
    const config = experimentConfigSchema.parse({
      name: 'import-phi-test',
      importedCohort: { dataset: name },
      fit: { model: '2cxm', fitDelay: false },
      grading: { folds: 2, bootstrap: 200, repeats: 2 },
    });
    const workflowId = await startExperiment(settings, config);
    const result = await runWorkersUntilDone(settings, workflowId);
    const graded = await batchSubjects(await openObjectStore(s3), result);
    expect(graded).toHaveLength(8);
    expect(graded.every((s) => /^sub-[0-9a-f]{12}$/.test(s.subject))).toBe(true);
    const connection = await Connection.connect({ address: settings.temporal.address });
    try {
      // The experiment's workflow and its batch workflows.
      const histories = await workflowHistories(temporalClient(connection, settings), workflowId);
      expect(histories.size).toBeGreaterThan(1);
      const bytes = Buffer.concat(
        [...histories.values()].map((h) => Buffer.from(temporal.api.history.v1.History.encode(h).finish())),
      );
      // Payloads are plain JSON (no codec), so the encoded histories hold every input and result verbatim.
      expect(bytes.toString('latin1')).toContain(name);
      expect(scanBytes('workflow histories', bytes, identifying)).toEqual(none);
    } finally {
      await connection.close();
    }
  });
});
