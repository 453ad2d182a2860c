import { join } from 'node:path';
import { parseExperimentConfig, readExperimentConfig } from '../../../formats/experiment-config';
import { readYamlFile } from '../../../formats/yaml-file';

const experiments = join(__dirname, '../../../experiments');

test('the committed experiment configs are valid', () => {
  const demo = readExperimentConfig(join(experiments, 'demo.yaml'));
  expect(demo.cohort).toMatchObject({ lgg: 10, hgg: 10 });
  expect(demo.fit).toEqual([{ model: '2cxm', aif: 'artery', fitDelay: true }]);
  expect(demo.grading?.folds).toBe(5);
  const paper = readExperimentConfig(join(experiments, 'paper.yaml'));
  expect(paper.cohort).toMatchObject({ lgg: 15, hgg: 15 });
  const scale = readExperimentConfig(join(experiments, 'scale.yaml'));
  expect(scale.cohort).toMatchObject({ lgg: 500, hgg: 500 });
  expect(scale.limits).toMatchObject({ subjectsPerBatch: 100, batchesInFlight: 2 });
});

test('defaults fill an AIF-only config', () => {
  expect(parseExperimentConfig({ name: 'x' }, 'inline')).toEqual({
    name: 'x',
    aif: { model: 'parker', hct: 0.42, onsetS: 10, frameIntervalS: 1, durationS: 300 },
    limits: {
      stepScheduleToCloseH: 72,
      heartbeatTimeoutS: 60,
      retryMaxIntervalS: 60,
      subjectsPerBatch: 100,
      batchesInFlight: 2,
    },
  });
});

const graded = (grading: Record<string, unknown>) => ({
  name: 'x',
  cohort: { lgg: 5, hgg: 5, seed: 1 },
  fit: { model: '2cxm' },
  qtmnet: {
    train: {
      simulate: {
        // Training subjects' seeds apart from every cohort's here (the schema refuses an overlap).
        seed: 900_000,
        subjects: 2,
        patchSize: [4, 4, 3],
        patchesPerSubject: 2,
        tumourFraction: 0.5,
      },
      network: { kind: 'patch', filters: [4, 4, 4], dense: 8, dropout: 0.2 },
      training: {
        epochs: 1,
        batchSize: 4,
        learningRate: 0.01,
        seed: 1,
        validationFraction: 0.5,
        checkpointEverySteps: 2,
      },
    },
  },
  grading,
});

test('grading declares one primary feature per method; methods left out get mean Ktrans', () => {
  expect(parseExperimentConfig(graded({}), 'inline').grading).toMatchObject({
    primary: { '2cxm': 'ktrans_per_min_mean', qtmnet: 'ktrans_per_min_mean' },
    permutations: 1000,
  });
  const declared = parseExperimentConfig(
    graded({ primary: { qtmnet: 'u_mm_s_p90', '2cxm': 'vp_mean' } }),
    'inline',
  );
  expect(declared.grading?.primary).toEqual({ '2cxm': 'vp_mean', qtmnet: 'u_mm_s_p90' });
  // Without QTMnet only the fitted model is graded; Patlak writes Ktrans and vp.
  const patlak = parseExperimentConfig(
    { ...graded({}), fit: { model: 'patlak' }, qtmnet: undefined },
    'inline',
  );
  expect(patlak.grading?.primary).toEqual({ patlak: 'ktrans_per_min_mean' });
});

test('fit lists models with one or more AIFs each; every model and AIF is a graded method', () => {
  const config = parseExperimentConfig(
    {
      ...graded({ primary: { 'etm-corrected': 'vp_mean' } }),
      fit: [
        { model: '2cxm', aif: ['artery', 'corrected', 'population', 'oracle'] },
        { model: 'etm', aif: 'corrected', fitDelay: false },
      ],
    },
    'inline',
  );
  expect(config.fit).toEqual([
    { model: '2cxm', aif: 'artery', fitDelay: true },
    { model: '2cxm', aif: 'corrected', fitDelay: true },
    { model: '2cxm', aif: 'population', fitDelay: true },
    { model: '2cxm', aif: 'oracle', fitDelay: true },
    { model: 'etm', aif: 'corrected', fitDelay: false },
  ]);
  expect(Object.keys(config.grading?.primary ?? {})).toEqual([
    '2cxm',
    '2cxm-corrected',
    '2cxm-population',
    '2cxm-oracle',
    'etm-corrected',
    'qtmnet',
  ]);
  expect(config.grading?.primary['etm-corrected']).toBe('vp_mean');
  // A parsed config parses to itself (stored configs are read again by observers).
  expect(parseExperimentConfig(config, 'stored')).toEqual(config);
});

test.each([
  [{ name: 'Bad Name' }, /inline: name: lowercase letters/],
  [
    { ...graded({}), fit: { aif: 'venous' } },
    /inline: fit\[0\]\.aif\[0\]: Invalid option: expected one of "artery"\|"corrected"/,
  ],
  [
    { ...graded({}), fit: [{ aif: 'corrected' }, { model: '2cxm', aif: ['oracle', 'corrected'] }] },
    /inline: fit: 2cxm-corrected is fitted twice/,
  ],
  [
    graded({ primary: { etm: 'vp_mean' } }),
    /inline: grading\.primary\.etm: this experiment grades no method "etm"; it grades 2cxm and qtmnet/,
  ],
  [
    graded({ primary: { '2cxm': 'u_mm_s_mean' } }),
    /inline: grading\.primary\.2cxm: 2cxm has no feature "u_mm_s_mean"; choose one of .*ktrans_per_min_mean/,
  ],
  [graded({ primary: { qtmnet: 'ktrans_per_min_max' } }), /qtmnet has no feature "ktrans_per_min_max"/],
  [graded({ permutations: 999 }), /inline: grading\.permutations/],
  [{ name: 'x', aif: { hct: 1.2 } }, /inline: aif\.hct/],
  [{ name: 'x', typo: 1 }, /inline: .*typo/],
  [{ name: 'x', cohort: { lgg: 5, hgg: 5, seed: 1 } }, /inline: cohort: a cohort needs `fit` and `grading`/],
  [
    { name: 'x', cohort: { lgg: 3, hgg: 5, seed: 1 }, fit: {}, grading: { folds: 2 } },
    /inline: grading\.folds: 2-fold CV of 3 LGG subjects leaves fewer than 2/,
  ],
  [{ name: 'x', limits: { heartbeatTimeoutS: 600 } }, /inline: limits\.heartbeatTimeoutS/],
  [{ name: 'x', limits: { stepScheduleToCloseH: 0 } }, /inline: limits\.stepScheduleToCloseH/],
  [{ name: 'x', qtmnet: { heartbeatTimeoutS: 30 } }, /inline: qtmnet/],
  [
    { ...graded({}), qtmnet: { train: { ...graded({}).qtmnet.train, simulate: undefined } } },
    /inline: qtmnet\.train\.simulate: an experiment trains QTMnet on a simulated training set/,
  ],
  [{ ...graded({}), cohort: { lgg: 10_001, hgg: 5, seed: 1 } }, /inline: cohort\.lgg: Too big/],
  [{ name: 'x', limits: { subjectsPerBatch: 0 } }, /inline: limits\.subjectsPerBatch/],
  [{ name: 'x', limits: { batchesInFlight: 51 } }, /inline: limits\.batchesInFlight/],
])('a bad config is refused naming the setting: %j', (config, message) => {
  expect(() => parseExperimentConfig(config, 'inline')).toThrow(message);
});

test('a cohort of 10,000 subjects per grade is accepted (it runs in batches)', () => {
  expect(
    parseExperimentConfig({ ...graded({}), cohort: { lgg: 10_000, hgg: 10_000, seed: 1 } }, 'inline').cohort,
  ).toMatchObject({ lgg: 10_000, hgg: 10_000 });
});

test('an unreadable or non-YAML file names the file', () => {
  expect(() => readExperimentConfig('/nonexistent.yaml')).toThrow(/\/nonexistent.yaml: cannot read/);
});

test('the qtmnet training section is checked in full before a workflow starts', () => {
  const config = graded({});
  (config.qtmnet.train.training as Record<string, unknown>).epochs = 0;
  expect(() => parseExperimentConfig(config, 'inline')).toThrow(
    /inline: qtmnet\.train\.training\.epochs: Too small/,
  );
});

test('cohort seeds that overlap the training subjects seeds are refused, adjacent ones accepted', () => {
  const paper = readYamlFile(join(experiments, 'paper.yaml')) as { cohort: { seed: number } };
  // paper.yaml trains on seeds 1000-1047 and draws its 30 subjects from cohort.seed on.
  const withSeed = (seed: number) => ({ ...paper, cohort: { ...paper.cohort, seed } });
  for (const seed of [971, 1000, 1047])
    expect(() => parseExperimentConfig(withSeed(seed), 'inline')).toThrow(
      /cohort\.seed: cohort seeds \d+-\d+ overlap QTMnet's training subjects' seeds 1000-1047/,
    );
  for (const seed of [970, 1048])
    expect(parseExperimentConfig(withSeed(seed), 'inline').cohort?.seed).toBe(seed);
});
