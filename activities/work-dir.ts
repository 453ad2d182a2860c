/** A private scratch folder per activity attempt, removed afterwards whatever happens. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function withWorkDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `qtm-${prefix}-`));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Files that record when and how a local command ran (with timestamps, so never the same bytes twice);
 * orchestrated runs keep that in the results database instead.
 */
export const notProvenance = (path: string): boolean =>
  !path.endsWith('provenance.json') && !path.startsWith('checkpoints/');
