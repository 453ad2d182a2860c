import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitsOnWorker } from '../../../cli/early-fit-thread';
import { defaultThreadCount } from '../../../compute/pool-thread';
import { runFitCurves } from '../../../jobs/fit-job';
import { osipiPath } from '../../fixtures/osipi/osipi-curves';

const qtm = (...args: string[]) => ['node', '/usr/bin/qtm', ...args];

/** Runs `qtm` from the TypeScript sources in a child process, as the built command runs; resolves on exit (code null: killed). */
function runQtm(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      join(__dirname, '../perfusion/qtmnet/swc-register.js'),
      join(__dirname, '../../../cli/main.ts'),
      ...args,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  // A thread left running would keep the child alive: stop it after a while, so the test fails instead of hanging.
  const stop = setTimeout(() => child.kill(), 20000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(stop);
      resolve({ code, stderr });
    }),
  );
}

describe('qtm fit starts its worker thread before loading the command line', () => {
  it('guesses from the raw arguments whether the fit will use a worker', () => {
    const small = osipiPath('2cxm_sd_0.001_delay_0.csv'); // under SINGLE_THREAD_INPUT_BYTES: one thread
    const missing = join(tmpdir(), 'qtm-early-no-such-file.csv'); // all cores; the reader reports it
    const manyCores = defaultThreadCount() > 1;
    expect(fitsOnWorker(qtm('fit', '--model', '2cxm', '--input', small))).toBe(false);
    expect(fitsOnWorker(qtm('fit', '--model', '2cxm', '--input', missing))).toBe(manyCores);
    expect(fitsOnWorker(qtm('fit', '--input', small, '--model', '2cxm', '--threads', '2'))).toBe(true);
    expect(fitsOnWorker(qtm('fit', `--input=${small}`, '--threads=2'))).toBe(true);
    expect(fitsOnWorker(qtm('fit', '--input', missing, '--threads', '1'))).toBe(false);
    expect(fitsOnWorker(qtm('fit', '--input', missing, '--threads=1'))).toBe(false);
    expect(fitsOnWorker(qtm('fit', '--model', '2cxm', '--subject', 'sub-001', '--threads', '2'))).toBe(false);
    expect(fitsOnWorker(qtm('simulate', '--input', small, '--threads', '2'))).toBe(false);
    expect(fitsOnWorker(qtm())).toBe(false);
  });

  it.each([['2'], ['default']])(
    'writes the same CSV as the in-process fit, and the process exits (threads: %s)',
    async (threads) => {
      const input = osipiPath('2cxm_sd_0.001_delay_0.csv');
      const out = join(mkdtempSync(join(tmpdir(), 'qtm-early-')), 'fits.csv');
      let expected = '';
      await runFitCurves({ model: '2cxm', input, format: 'osipi', threads: 1 }, (text) => {
        expected += text;
      });
      const args = ['fit', '--model', '2cxm', '--input', input, '--out', out];
      const run = await runQtm(...args, ...(threads === 'default' ? [] : ['--threads', threads]));
      expect(run).toEqual({ code: 0, stderr: '' });
      expect(readFileSync(out, 'utf8')).toBe(expected);
    },
    60000,
  );

  it('exits when the early thread goes unused (an argument error stops the command before it fits)', async () => {
    const input = osipiPath('2cxm_sd_0.001_delay_0.csv');
    const run = await runQtm('fit', '--model', 'no-such-model', '--input', input, '--threads', '2');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no-such-model/);
  }, 60000);

  it('still reports an unreadable input with its code, and exits', async () => {
    const missing = join(tmpdir(), 'qtm-early-no-such-file.csv');
    const run = await runQtm('fit', '--model', '2cxm', '--input', missing);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^qtm: INPUT_NOT_READABLE: /);
  }, 60000);
});
