import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FolderCheckpointStore } from '../../../../formats/checkpoint-folder';
import { selectBackend } from '../../../../perfusion/qtmnet/backend';
import { trainQtmnet } from '../../../../perfusion/qtmnet/training-loop';
import { resumeSettings, resumeSource } from './resume-fixture';
import { testBackend } from './test-backend';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('a training process killed mid-run resumes from its last checkpoint to the uninterrupted weights', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'qtm-kill-'));
  const store = new FolderCheckpointStore(dir);
  const child = spawn(
    process.execPath,
    ['-r', path.join(__dirname, 'swc-register.js'), path.join(__dirname, 'resume-fixture.ts'), dir],
    // The test file's environment (a copy jest makes) carries QTM_TEST_BACKEND; the child needs it too.
    { stdio: 'inherit', env: { ...process.env } },
  );
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  // Wait for the checkpoint of step 4 (of 12), then kill without warning.
  const deadline = Date.now() + 30000;
  while (!(await store.steps()).includes('checkpoint-0000000004.bin')) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error('child training produced no step-4 checkpoint');
    await sleep(10);
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  const latest = (await store.steps()).at(-1) as string;
  expect(Number(latest.slice(11, 21))).toBeLessThan(12);

  await selectBackend(testBackend);
  const resumed = await trainQtmnet({ settings: resumeSettings, source: resumeSource(), checkpoints: store });
  expect(resumed.resumedFromStep).toBeGreaterThanOrEqual(4);
  const reference = await trainQtmnet({ settings: resumeSettings, source: resumeSource() });
  const w = (r: typeof reference) =>
    r.network.variables.map((v) =>
      Buffer.from((v.variable.dataSync() as Float32Array).buffer).toString('hex'),
    );
  expect(w(resumed)).toEqual(w(reference));
}, 60000);
