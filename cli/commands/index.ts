/** The registry of `qtm` subcommands: one line per command file. */
import type { Command } from 'commander';
import { registerAuc } from './auc';
import { registerDb } from './db';
import { registerStack } from './stack';

const commands: Array<(program: Command) => void> = [
  registerStack,
  registerDb,
  registerAuc,
];

export function registerCommands(program: Command): void {
  for (const register of commands) register(program);
}
