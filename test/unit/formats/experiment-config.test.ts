import { join } from 'node:path';
import { parseExperimentConfig, readExperimentConfig } from '../../../formats/experiment-config';

const experiments = join(__dirname, '../../../experiments');

test('the committed experiment configs are valid', () => {
  const demo = readExperimentConfig(join(experiments, 'demo.yaml'));
  expect(demo.cohort).toMatchObject({ lgg: 10, hgg: 10 });
  expect(demo.fit).toEqual({ model: '2cxm', fitDelay: true });
  expect(demo.grading?.folds).toBe(5);
  const paper = readExperimentConfig(join(experiments, 'paper.yaml'));
  expect(paper.cohort).toMatchObject({ lgg: 15, hgg: 15 });
});

test('defaults fill an AIF-only config', () => {
  expect(parseExperimentConfig({ name: 'x' }, 'inline')).toEqual({
    name: 'x',
    aif: { model: 'parker', hct: 0.42, onsetS: 10, frameIntervalS: 1, durationS: 300 },
    limits: { stepScheduleToCloseH: 72, heartbeatTimeoutS: 60, retryMaxIntervalS: 60 },
  });
});

test.each([
  [{ name: 'Bad Name' }, /inline: name: lowercase letters/],
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
])('a bad config is refused naming the setting: %j', (config, message) => {
  expect(() => parseExperimentConfig(config, 'inline')).toThrow(message);
});

test('an unreadable or non-YAML file names the file', () => {
  expect(() => readExperimentConfig('/nonexistent.yaml')).toThrow(/\/nonexistent.yaml: cannot read/);
});
