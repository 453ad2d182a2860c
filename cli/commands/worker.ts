/** `qtm worker --queue cpu|gpu`: a long-running worker process for one task queue. */
import type { Command } from 'commander';
import { runWorker } from '../../workers/worker-process';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run a worker for the cpu or gpu task queue until SIGINT/SIGTERM')
    .requiredOption('--queue <kind>', 'cpu or gpu')
    .action(async (opts: { queue: string }) => {
      if (opts.queue !== 'cpu' && opts.queue !== 'gpu')
        throw Object.assign(new Error(`--queue must be cpu or gpu, not "${opts.queue}"`), {
          code: 'INVALID_ARGUMENT',
        });
      await runWorker(opts.queue);
    });
}
