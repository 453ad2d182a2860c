/**
 * The `qtm` command line (started by cli/main.ts). Each subcommand lives in cli/commands/<name>.ts and registers itself through
 * cli/commands/index.ts. Known errors (they carry a stable `code`) print one actionable line, never a stack.
 */
import { Command } from 'commander';
import { codeVersion, packageVersion } from '../runtime/code-version';
import { reportCliError } from './cli-error';
import { registerCommands } from './commands';

async function main(argv: string[]): Promise<void> {
  const program = new Command('qtm')
    .description('QTM perfusion experiments: simulate, fit, train, grade, orchestrate')
    .showHelpAfterError()
    .exitOverride()
    // Not commander's .version(string): the code version asks git, which only --version should pay for.
    .option('-V, --version', 'print the package version and the code version (git commit), then exit')
    .on('option:version', () => {
      process.stdout.write(`qtm ${packageVersion()} (code ${codeVersion()})\n`);
      process.exit(0);
    });
  await registerCommands(program, argv[2]);
  await program.parseAsync(argv);
}

/** Runs the command line `argv` (process.argv's layout); an error sets the exit code, never throws. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await main(argv);
  } catch (err) {
    process.exitCode = reportCliError(err);
  }
}
