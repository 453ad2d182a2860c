/** Copies an experiment's report dataset (HTML, figures, tables) from the object store to a local folder. */
import { join } from 'node:path';
import { writeFolderAtomic } from '../formats/atomic-write';
import type { Settings } from '../runtime/settings';
import { getFolder } from '../storage/dataset-folder';
import { openObjectStore } from '../storage/object-store-client';

/**
 * Downloads into `dir` (through a temporary folder beside it, so an interrupted download leaves no partial
 * report) and says where the report and its figures are.
 */
export async function downloadReport(sha256: string, dir: string, settings: Settings): Promise<string> {
  const store = await openObjectStore(settings.s3);
  await writeFolderAtomic(dir, (temp) => getFolder(store, sha256, temp));
  return `${join(dir, 'report.html')} (figures: ${join(dir, 'roc.png')}, ${join(dir, 'features.png')}; table: ${join(dir, 'features.csv')})`;
}
