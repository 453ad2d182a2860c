/**
 * Bad configs are refused whole before any work starts: the experiment config's nested simulator and
 * training sections are checked by the CLI (keys, types and the simulator's physics) before a workflow is
 * started, and `qtm train` checks its simulate.config before simulating anything. Each message names the
 * file and the setting; nothing is written.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerExperiment } from '../../../cli/commands/experiment';
import { registerTrain } from '../../../cli/commands/train';
import { tempDir, tree } from './edge-fixtures';

const training = [
  'qtmnet:',
  '  train:',
  '    network: { kind: patch, filters: [4, 4, 4], dense: 8, dropout: 0.2 }',
  '    training: { epochs: 1, batchSize: 4, learningRate: 0.01, seed: 1, validationFraction: 0.5, checkpointEverySteps: 2 }',
];
const experiment = (simulator: string, simulate = '') =>
  [
    'name: edge-test',
    `cohort: { lgg: 5, hgg: 5, seed: 1, simulator: ${simulator} }`,
    'fit: { model: 2cxm }',
    'grading: {}',
    ...training,
    ...(simulate
      ? [
          `    simulate: { config: ${simulate}, seed: 1, subjects: 2, patchSize: [4, 4, 2], patchesPerSubject: 1, tumourFraction: 0.5 }`,
        ]
      : []),
  ].join('\n');

/** Runs a `qtm` command in a new folder holding `files`; returns the error and what the folder holds after. */
async function qtmIn(
  files: Record<string, string>,
  register: (program: Command) => void,
  args: string[],
): Promise<{ error: unknown; dir: string; left: string[] }> {
  const dir = tempDir('config');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const program = new Command('qtm').exitOverride().configureOutput({ writeErr: () => undefined });
    register(program);
    const error = await program.parseAsync(args, { from: 'user' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    return { error, dir, left: tree(dir) };
  } finally {
    process.chdir(cwd);
  }
}

describe('qtm experiment run refuses a bad nested section before starting a workflow', () => {
  it.each([
    [
      'an unknown simulator setting',
      experiment('{ vessels: { terminal: 100 } }'),
      /exp\.yaml: cohort\.simulator\.vessels: Unrecognized key: "terminal"/,
    ],
    [
      'a simulator setting of the wrong shape',
      experiment('{ imaging: { matrix: [16, 16] } }'),
      /exp\.yaml: cohort\.simulator\.imaging\.matrix: /,
    ],
    [
      'simulator settings that break the physics',
      experiment('{ lgg: { tumour: { ve: [0.2, 0.99] } } }'),
      /exp\.yaml: cohort\.simulator: lgg\.tumour\.vp \+ lgg\.tumour\.ve: maximum vp 0\.04 \+ maximum ve 0\.99 exceeds 1/,
    ],
    [
      "a training set's simulator setting",
      experiment('{}', '{ noise: { snr: -1 } }'),
      /exp\.yaml: qtmnet\.train\.simulate\.config: noise\.snr: must be >= 0/,
    ],
  ])('%s', async (_what, yaml, message) => {
    const { error, left } = await qtmIn({ 'exp.yaml': yaml }, registerExperiment, [
      'experiment',
      'run',
      'exp.yaml',
    ]);
    // INVALID_CONFIG, not TEMPORAL_UNREACHABLE: the config was refused before any server was asked.
    expect(error).toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringMatching(message) });
    expect(left).toEqual(['exp.yaml']);
  });
});

describe('qtm train refuses a bad simulate.config before simulating', () => {
  it('names the file and the setting, and creates neither the data folder nor the model folder', async () => {
    const config = [
      'data: data',
      'simulate:',
      '  config: { transport: { theta: 2 } }',
      '  seed: 1',
      '  subjects: 2',
      '  patchSize: [4, 4, 2]',
      '  patchesPerSubject: 1',
      '  tumourFraction: 0.5',
      ...training.slice(2).map((line) => line.slice(4)),
    ].join('\n');
    const { error, left } = await qtmIn({ 'train.yaml': config }, registerTrain, [
      'train',
      '--config',
      'train.yaml',
      '--out',
      'model',
    ]);
    expect(error).toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringMatching(/^train\.yaml: simulate\.config: transport\.theta: must be in \[0, 1\]/),
    });
    expect(left).toEqual(['train.yaml']);
  });
});
