/** `qtm infer`: the command line of jobs/infer-job.ts. */

import type { Command } from 'commander';
import { type InferCommandOptions, runInfer } from '../../jobs/infer-job';
import { addOptionAlias } from '../option-aliases';
import { integerOption } from '../option-parsers';

type InferArguments = Omit<InferCommandOptions, 'backendOverride' | 'input'> & { subject: string };

export function registerInfer(program: Command): void {
  const infer = program
    .command('infer')
    .description('QTMnet parameter and uncertainty maps for a subject folder (brain-mask voxels)')
    .requiredOption('--model <dir>', 'model folder written by qtm train')
    .requiredOption(
      '--subject <dir>',
      'subject folder (docs/subject-folder.md; conc.nii.gz, mask_brain.nii.gz, protocol.json)',
    )
    .requiredOption('--out <dir>', 'output folder for the maps, e.g. <subject>/maps/qtmnet')
    .option(
      '--resample',
      'resample input acquired with another frame count or interval onto the model protocol',
    )
    .option(
      '--batch-size <n>',
      'voxels per batch (neighbourhood models; a model trained on whole blocks, the 3D U-Net, takes the whole volume at once and needs its training grid)',
      integerOption(1),
      4096,
    )
    .option('--mc-samples <n>', 'MC-dropout passes for the uncertainty maps', integerOption(0), 8)
    .option('--seed <n>', 'seed of the MC-dropout masks', integerOption(0), 1);
  addOptionAlias(infer, { old: '--input <dir>', now: 'subject' }).action(
    async ({ subject, ...o }: InferArguments) => {
      await runInfer({ ...o, input: subject, backendOverride: process.env.QTM_TF_BACKEND });
    },
  );
}
