/** The registry of `qtm` subcommands: one line per command file. */
import type { Command } from 'commander';
import { registerAuc } from './auc';
import { registerCv } from './cv';
import { registerDb } from './db';
import { registerFeatures } from './features';
import { registerStack } from './stack';
import { registerTrain } from './train';
import { registerInfer } from './infer';
import { registerFit } from './fit';

const commands: Array<(program: Command) => void> = [
  registerStack,
  registerDb,
  registerAuc,
  registerCv,
  registerFeatures,
  registerTrain,
  registerInfer,
  registerFit,
];

export function registerCommands(program: Command): void {
  for (const register of commands) register(program);
}
