/**
 * No secret reaches a log: an experiment runs through the built `qtm` (a cpu and a gpu worker process and
 * the CLI, all at the most verbose log level, payload encryption on), and neither the database password,
 * the S3 secret key nor the payload key appears in anything they print. The workflow's history, read
 * without the key, holds only encrypted payloads.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadSettings } from '../../../runtime/settings';

const cli = join(__dirname, '../../../dist/cli/main.js');
const settings = loadSettings();
const payloadKey = randomBytes(32);
const env = {
  ...process.env,
  QTM_LOG_LEVEL: 'trace',
  QTM_PAYLOAD_KEYS: `secrets-test:${payloadKey.toString('base64')}`,
};
const dir = mkdtempSync(join(tmpdir(), 'qtm-secrets-'));
const workers: ChildProcess[] = [];

/** Starts `qtm <args>`, collecting everything it prints. */
function qtm(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [cli, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  child.stdout?.on('data', (c: Buffer) => chunks.push(c));
  child.stderr?.on('data', (c: Buffer) => chunks.push(c));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, output: () => Buffer.concat(chunks).toString('utf8'), exited };
}

afterAll(() => {
  for (const w of workers) w.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test('an experiment run by worker processes and the CLI logs no password, secret key or payload key', async () => {
  const config = join(dir, 'aif-only.yaml');
  writeFileSync(
    config,
    'name: secrets-test\naif: { model: parker, hct: 0.42, onsetS: 10, frameIntervalS: 2, durationS: 120 }\n',
  );
  const cpu = qtm(['worker', '--queue', 'cpu']);
  const gpu = qtm(['worker', '--queue', 'gpu']);
  workers.push(cpu.child, gpu.child);
  const workflowId = `secrets-test-${randomBytes(4).toString('hex')}`;
  const run = qtm(['experiment', 'run', config, '--id', workflowId]);
  expect(await run.exited).toBe(0);
  for (const w of [cpu, gpu]) w.child.kill('SIGTERM');
  await Promise.all([cpu.exited, gpu.exited]);

  const logs = { cli: run.output(), cpu: cpu.output(), gpu: gpu.output() };
  expect(logs.cli).toMatch(/experiment .* succeeded/);
  expect(logs.cpu).toMatch(/worker polling/);
  expect(logs.gpu).toMatch(/worker polling/);
  const password = decodeURIComponent(new URL(settings.databaseUrl).password);
  const secrets = {
    'database password': password,
    'S3 secret key': settings.s3.secretKey,
    'payload key (base64)': payloadKey.toString('base64'),
    'payload key (hex)': payloadKey.toString('hex'),
  };
  expect(password.length).toBeGreaterThan(0);
  for (const [name, text] of Object.entries(logs))
    for (const [secret, value] of Object.entries(secrets))
      expect({ log: name, secret, leaked: text.includes(value) }).toEqual({
        log: name,
        secret,
        leaked: false,
      });

  // the client and the workers encrypted everything they handed Temporal
  const connection = await Connection.connect({ address: settings.temporal.address });
  try {
    const history = await new Client({ connection, namespace: settings.temporal.namespace }).workflow
      .getHandle(workflowId)
      .fetchHistory();
    const encodings = (history.events ?? []).flatMap((e) =>
      [
        e.workflowExecutionStartedEventAttributes?.input,
        e.activityTaskScheduledEventAttributes?.input,
        e.activityTaskCompletedEventAttributes?.result,
        e.workflowExecutionCompletedEventAttributes?.result,
      ].flatMap((p) => (p?.payloads ?? []).map((x) => Buffer.from(x.metadata?.encoding ?? []).toString())),
    );
    expect(encodings.length).toBeGreaterThan(4);
    expect(new Set(encodings)).toEqual(new Set(['binary/encrypted']));
  } finally {
    await connection.close();
  }
});
