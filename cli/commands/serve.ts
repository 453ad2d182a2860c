/**
 * `qtm serve`: the results viewer (viewer/) on http://127.0.0.1:<port>/ until Ctrl-C: experiments and their
 * steps, each report with its figures, the lineage graph of any output or metric, and parameter maps of any
 * subject in an interactive NIfTI viewer.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { projectRoot } from '../../runtime/project-paths';
import { loadSettings } from '../../runtime/settings';
import { openObjectStore } from '../../storage/object-store-client';
import { openResultsRepository } from '../../storage/results-repository';
import { ViewerApi } from '../../viewer/viewer-api';
import { startViewer } from '../../viewer/viewer-server';
import { integerOption } from '../option-parsers';

export const DEFAULT_VIEWER_PORT = 8340;

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('open the results viewer on 127.0.0.1 (experiments, reports, lineage, parameter maps)')
    .option('--port <n>', 'port on 127.0.0.1 (0: any free port)', integerOption(0), DEFAULT_VIEWER_PORT)
    .action(async (opts: { port: number }) => {
      const settings = loadSettings();
      const store = await openObjectStore(settings.s3);
      const results = await openResultsRepository(settings.databaseUrl);
      try {
        const viewer = await startViewer(
          new ViewerApi(results, store),
          join(projectRoot(), 'dist', 'viewer'),
          opts.port,
        );
        process.stdout.write(`viewer at ${viewer.url} (Ctrl-C stops it)\n`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await viewer.close();
      } finally {
        await results.close();
      }
    });
}
