/** The registry of `qtm` subcommands: one line per command file. */
import type { Command } from 'commander';
import { registerAuc } from './auc';
import { registerCv } from './cv';
import { registerDb } from './db';
import { registerExperiment } from './experiment';
import { registerFeatures } from './features';
import { registerFit } from './fit';
import { registerImport } from './import';
import { registerInfer } from './infer';
import { registerLineage } from './lineage';
import { registerNamespace } from './namespace';
import { registerServe } from './serve';
import { registerSimulate } from './simulate';
import { registerStack } from './stack';
import { registerTrain } from './train';
import { registerWorker } from './worker';

const commands: Array<(program: Command) => void> = [
  registerStack,
  registerDb,
  registerExperiment,
  registerWorker,
  registerNamespace,
  registerLineage,
  registerServe,
  registerAuc,
  registerCv,
  registerFeatures,
  registerTrain,
  registerInfer,
  registerFit,
  registerSimulate,
  registerImport,
];

export function registerCommands(program: Command): void {
  for (const register of commands) register(program);
}
