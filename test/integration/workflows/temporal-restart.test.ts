/**
 * Durability across a Temporal server restart: a workflow started on a persisted dev server (its own
 * server and database file, so the shared stack is not disturbed) is still there after the server stops
 * and starts again, and completes when workers arrive.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnDetached, stopProcessGroup, waitHealthy } from '../../../local-stack/process-control';
import { temporalDevServerArgs, temporalHealthy } from '../../../local-stack/temporal-server';
import { pythonWheelBinary } from '../../../local-stack/tool-binaries';
import { runWorkersUntilDone, settingsFor, startExperiment, testConfig } from '../support/experiment-run';

const PORT = 17433;
const UI_PORT = 18433;
const address = `127.0.0.1:${PORT}`;
const dir = mkdtempSync(join(tmpdir(), 'qtm-temporal-restart-'));
const logFile = join(dir, 'temporal.log');
let pid: number | undefined;

async function startServer(): Promise<void> {
  pid = spawnDetached(
    pythonWheelBinary('temporal'),
    temporalDevServerArgs(join(dir, 'temporal.db'), PORT, UI_PORT),
    logFile,
  );
  await waitHealthy('Temporal (restart test)', () => temporalHealthy(address), {
    timeoutMs: 60_000,
    logFile,
    pid,
  });
}

afterAll(async () => {
  if (pid !== undefined) await stopProcessGroup(pid);
  rmSync(dir, { recursive: true, force: true });
});

test('a workflow started before a server restart completes after it', async () => {
  await startServer();
  const settings = settingsFor(address);
  const workflowId = await startExperiment(settings, testConfig('restart-test'));

  await stopProcessGroup(pid as number);
  await expect(temporalHealthy(address)).rejects.toThrow();
  await startServer();

  const result = await runWorkersUntilDone(settings, workflowId);
  expect(result.experimentId).toMatch(/^[0-9a-f-]{36}$/);
  expect(result.aif.output.sha256).toMatch(/^[0-9a-f]{64}$/);
});
