/**
 * `qtm experiment run --cohort-seed <n>`: a replicate on a new cohort is checked by the schema again before
 * anything starts (no server is needed for these refusals).
 */
import { join } from 'node:path';
import { Command } from 'commander';
import { registerExperiment } from '../../../cli/commands/experiment';

const experiments = join(__dirname, '../../../experiments');

async function qtm(...args: string[]): Promise<void> {
  const program = new Command('qtm').exitOverride().configureOutput({ writeErr: () => undefined });
  registerExperiment(program);
  await program.parseAsync(['node', 'qtm', ...args]);
}

test('a cohort seed that overlaps the training seeds is refused, naming both ranges', async () => {
  await expect(
    qtm('experiment', 'run', join(experiments, 'paper.yaml'), '--cohort-seed', '1010'),
  ).rejects.toMatchObject({
    code: 'INVALID_CONFIG',
    message: expect.stringMatching(
      /paper\.yaml with --cohort-seed 1010: cohort\.seed: cohort seeds 1010-1039 overlap QTMnet's training subjects' seeds 1000-1047/,
    ),
  });
});

test('an imported cohort cannot be replicated with a cohort seed', async () => {
  await expect(
    qtm('experiment', 'run', join(experiments, 'import-demo.yaml'), '--cohort-seed', '9000'),
  ).rejects.toMatchObject({ code: 'commander.invalidArgument', message: expect.stringMatching(/has none/) });
});

test('a negative seed is refused by the option parser', async () => {
  await expect(
    qtm('experiment', 'run', join(experiments, 'paper.yaml'), '--cohort-seed', '-1'),
  ).rejects.toMatchObject({ code: 'commander.invalidArgument' });
});
