/** The registry of `qtm` subcommands: one line per command file. */
import type { Command } from 'commander';

const commands: Array<(program: Command) => void> = [];

export function registerCommands(program: Command): void {
  for (const register of commands) register(program);
}
