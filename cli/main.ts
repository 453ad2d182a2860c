#!/usr/bin/env node
/**
 * The `qtm` command. Each subcommand lives in cli/commands/<name>.ts and registers itself through
 * cli/commands/index.ts. Known errors (they carry a stable `code`) print one actionable line, never a stack.
 */
import { Command } from 'commander';
import { reportCliError } from './cli-error';
import { registerCommands } from './commands';

async function main(argv: string[]): Promise<void> {
  const program = new Command('qtm')
    .description('QTM perfusion experiments: simulate, fit, train, grade, orchestrate')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  await program.parseAsync(argv);
}

main(process.argv).catch((err: unknown) => {
  process.exitCode = reportCliError(err);
});
