/**
 * `qtm namespace create`: registers TEMPORAL_NAMESPACE on the Temporal server unless it is there. The local
 * stack's dev server has `default` already; a production server starts with no namespace at all.
 */
import type { Command } from 'commander';
import { loadSettings } from '../../runtime/settings';
import { connectTemporalClient } from '../../workers/temporal-connection';
import { ensureNamespace } from '../../workers/temporal-namespace';
import { integerOption } from '../option-parsers';

export function registerNamespace(program: Command): void {
  program
    .command('namespace')
    .description('the Temporal namespace experiments run in (TEMPORAL_NAMESPACE)')
    .command('create')
    .description('register TEMPORAL_NAMESPACE on the Temporal server unless it is there (idempotent)')
    .option('--retention-days <n>', 'how long closed workflows stay visible', integerOption(1), 30)
    .action(async (opts: { retentionDays: number }) => {
      const settings = loadSettings();
      const connection = await connectTemporalClient(settings);
      try {
        const outcome = await ensureNamespace(connection, settings.temporal.namespace, opts.retentionDays);
        process.stdout.write(`namespace ${settings.temporal.namespace}: ${outcome}\n`);
      } finally {
        await connection.close();
      }
    });
}
