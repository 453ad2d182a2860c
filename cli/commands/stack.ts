/** `qtm stack up|down|status`: the local stack of local-stack/. */
import type { Command } from 'commander';
import { stackDown, stackStatus, stackUp } from '../../local-stack/stack';

export function registerStack(program: Command): void {
  const stack = program
    .command('stack')
    .description('local PostgreSQL, Temporal dev server and S3 server (no Docker)');
  const say = (line: string) => process.stdout.write(`${line}\n`);
  stack
    .command('up')
    .description('start (or reuse) every server; idempotent')
    .action(async () => {
      await stackUp(process.env, say);
      say('stack is up');
    });
  stack
    .command('down')
    .description('stop exactly the servers the stack started')
    .action(() => stackDown(process.env, say));
  stack
    .command('status')
    .description('health of each server')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const rows = await stackStatus(process.env);
      if (opts.json) say(JSON.stringify(rows, null, 2));
      else
        for (const r of rows)
          say(`${r.name.padEnd(9)} ${r.healthy ? 'up  ' : 'DOWN'} ${r.endpoint}  (${r.detail})`);
      if (rows.some((r) => !r.healthy)) process.exitCode = 1;
    });
}
