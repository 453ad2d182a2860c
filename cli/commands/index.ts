/** The registry of `qtm` subcommands: one line per command file. */
import type { Command } from 'commander';
import { registerAuc } from './auc';
import { registerCv } from './cv';
import { registerDb } from './db';
import { registerExperiment } from './experiment';
import { registerFeatures } from './features';
import { registerStack } from './stack';
import { registerWorker } from './worker';
import { registerTrain } from './train';
import { registerLineage } from './lineage';
import { registerInfer } from './infer';
import { registerFit } from './fit';
import { registerSimulate } from './simulate';

const commands: Array<(program: Command) => void> = [
  registerStack,
  registerDb,
  registerExperiment,
  registerWorker,
  registerLineage,
  registerAuc,
  registerCv,
  registerFeatures,
  registerTrain,
  registerInfer,
  registerFit,
  registerSimulate,
];

export function registerCommands(program: Command): void {
  for (const register of commands) register(program);
}
