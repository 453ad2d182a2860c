/**
 * `qtm fit --model <m> --input <file> --format osipi --output <file> --threads <n> --timing`, each run a fresh
 * process as a user starts it; the time is the one the command prints: from opening the input to the last
 * line written (Node's start-up and module loading left out; the worker threads start inside it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../runtime/project-paths';

/** Milliseconds of each of `runs` whole runs. */
export function wholeRunTimes(model: string, input: string, threads: number, runs: number): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'qtm-bench-fit-out-'));
  const cli = join(projectRoot(), 'dist', 'cli', 'main.js');
  const args = [cli, 'fit', '--model', model, '--input', input, '--format', 'osipi'];
  const ms: number[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      const run = spawnSync(
        process.execPath,
        [...args, '--threads', String(threads), '--output', join(dir, 'fits.csv'), '--timing'],
        { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] },
      );
      const seconds = /in ([\d.]+) s from opening/.exec(run.stderr);
      if (run.status !== 0 || !seconds) throw new Error(`qtm fit failed (${run.status}): ${run.stderr}`);
      ms.push(1000 * Number(seconds[1]));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return ms;
}
