/**
 * The registry of `qtm` subcommands: one line per command file, each loaded only when registered. A run
 * registers just the command it names, so it loads just that command's modules: all of them together (Temporal,
 * Prisma, tfjs, the plotting library) take most of a second to load, longer than `qtm fit` takes to fit a
 * 56 MB file. The top-level help, and a name that is no command, register them all.
 */
import type { Command } from 'commander';

type Register = (program: Command) => void;

/** Command name to its register function, in the order the help lists them. */
const COMMANDS: Record<string, () => Promise<Register>> = {
  stack: async () => (await import('./stack')).registerStack,
  db: async () => (await import('./db')).registerDb,
  experiment: async () => (await import('./experiment')).registerExperiment,
  worker: async () => (await import('./worker')).registerWorker,
  namespace: async () => (await import('./namespace')).registerNamespace,
  lineage: async () => (await import('./lineage')).registerLineage,
  serve: async () => (await import('./serve')).registerServe,
  auc: async () => (await import('./auc')).registerAuc,
  cv: async () => (await import('./cv')).registerCv,
  features: async () => (await import('./features')).registerFeatures,
  train: async () => (await import('./train')).registerTrain,
  infer: async () => (await import('./infer')).registerInfer,
  fit: async () => (await import('./fit')).registerFit,
  simulate: async () => (await import('./simulate')).registerSimulate,
  import: async () => (await import('./import')).registerImport,
};

/** Registers the command `name` alone when it is one, else every command. */
export async function registerCommands(program: Command, name?: string): Promise<void> {
  const loaders =
    name !== undefined && Object.hasOwn(COMMANDS, name) ? [COMMANDS[name]] : Object.values(COMMANDS);
  for (const register of await Promise.all(loaders.map((load) => load()))) register(program);
}
