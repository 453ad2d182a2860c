/**
 * `qtm fit --model <m> --input <file> --format osipi --output <file> --threads <n> --timing`, each run a fresh
 * process as a user starts it; the time is the one the command prints: from opening the input to the last
 * line written (Node's start-up and module loading left out; the worker threads start inside it). Beside it,
 * the whole process as a user waits for it: from spawning Node to its exit.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../runtime/project-paths';

/** Milliseconds of each of `runs` whole runs: the command's own timing and the process's. */
export function wholeRunTimes(
  model: string,
  input: string,
  threads: number,
  runs: number,
): { ms: number[]; processMs: number[] } {
  const dir = mkdtempSync(join(tmpdir(), 'qtm-bench-fit-out-'));
  const cli = join(projectRoot(), 'dist', 'cli', 'main.js');
  const args = [cli, 'fit', '--model', model, '--input', input, '--format', 'osipi'];
  const ms: number[] = [];
  const processMs: number[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      const spawned = performance.now();
      const run = spawnSync(
        process.execPath,
        [...args, '--threads', String(threads), '--out', join(dir, 'fits.csv'), '--timing'],
        { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] },
      );
      processMs.push(performance.now() - spawned);
      const seconds = /in ([\d.]+) s from opening/.exec(run.stderr);
      if (run.status !== 0 || !seconds) throw new Error(`qtm fit failed (${run.status}): ${run.stderr}`);
      ms.push(1000 * Number(seconds[1]));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { ms, processMs };
}
