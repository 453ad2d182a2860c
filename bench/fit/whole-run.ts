/**
 * `qtm fit --input <file> --format osipi --output <file>` timed inside the process, through the function the
 * command runs (cli/commands/fit.ts fitCurvesToOutput): from opening the input to the output file closed and
 * renamed into place. Node's own start-up is left out; the worker threads start inside the timed span, as
 * they do in the command.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitCurvesToOutput } from '../../cli/commands/fit';

/** Milliseconds of each of `runs` whole runs. */
export async function wholeRunTimes(
  model: string,
  input: string,
  threads: number,
  runs: number,
): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'qtm-bench-fit-out-'));
  const ms: number[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      await fitCurvesToOutput({ model, input, format: 'osipi', threads }, join(dir, 'fits.csv'));
      ms.push(performance.now() - t0);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return ms;
}
