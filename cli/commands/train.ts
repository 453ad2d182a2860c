/** `qtm train`: the command line of jobs/train-job.ts. */
import type { Command } from 'commander';
import { readTrainConfig } from '../../formats/training-config';
import { runTrain } from '../../jobs/train-job';

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train QTMnet on a patch-shard dataset; resumes from DIR/checkpoints after an interruption')
    .requiredOption('--config <yaml>', 'training config (see experiments/qtmnet-default.yaml)')
    .requiredOption('--out <dir>', 'model folder to write (weights.bin, metadata.json, checkpoints/)')
    .action(async (o: { config: string; out: string }) => {
      await runTrain({
        ...readTrainConfig(o.config),
        out: o.out,
        backendOverride: process.env.QTM_TF_BACKEND,
      });
    });
}
