/** `qtm simulate`: the command line of jobs/simulate-job.ts. */

import { type Command, Option } from 'commander';
import { readSimulationConfig } from '../../formats/simulation-config';
import {
  runSimulateCohort,
  runSimulateSubject,
  type SimulateCohortOptions,
  type SimulateSubjectOptions,
} from '../../jobs/simulate-job';
import { integerOption } from '../option-parsers';

export function registerSimulate(program: Command): void {
  const simulate = program
    .command('simulate')
    .description(
      'fluid-mechanics DCE-MRI simulator: synthetic glioma subjects and cohorts (docs/simulator.md)',
    );
  simulate
    .command('subject')
    .description('simulate one subject into a subject folder')
    .addOption(new Option('--grade <grade>', 'tumour class').choices(['lgg', 'hgg']).makeOptionMandatory())
    .requiredOption('--seed <n>', 'random seed (same seed, same bytes)', integerOption(0))
    .requiredOption('--out <dir>', 'subject folder to write')
    .option('--config <yaml>', 'simulator settings (docs/simulator.md); defaults when omitted')
    .option('--preview', 'also write preview.png (enhancement, truth maps, curves)')
    .action(async (opts: SimulateSubjectOptions & { config?: string }) => {
      let stage = '';
      const s = await runSimulateSubject({
        ...opts,
        config: readSimulationConfig(opts.config),
        onProgress: (p) => {
          if (p.stage === stage) return;
          stage = p.stage;
          process.stderr.write(`${stage}...\n`);
        },
      });
      process.stdout.write(
        `${opts.out}: ${s.grade} seed ${s.seed}, ${s.dims.join('x')} x ${s.frameTimesS.length} frames\n`,
      );
    });
  simulate
    .command('cohort')
    .description('simulate N LGG and M HGG subjects plus labels.csv')
    .requiredOption('--lgg <n>', 'number of low-grade subjects', integerOption(0))
    .requiredOption('--hgg <m>', 'number of high-grade subjects', integerOption(0))
    .requiredOption('--seed <s>', 'cohort seed; subject k uses seed + k', integerOption(0))
    .requiredOption('--out <dir>', 'cohort folder to write')
    .option('--config <yaml>', 'simulator settings (docs/simulator.md)')
    .action((opts: SimulateCohortOptions & { config?: string }) => {
      const labels = runSimulateCohort({
        ...opts,
        config: readSimulationConfig(opts.config),
        onSubject: (name, k, n) => process.stderr.write(`${name} (${k + 1}/${n})\n`),
      });
      process.stdout.write(`${opts.out}: ${labels.length} subjects, labels.csv written\n`);
    });
}
