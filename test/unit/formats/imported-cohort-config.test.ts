import { join } from 'node:path';
import { parseExperimentConfig, readExperimentConfig } from '../../../formats/experiment-config';

test('experiments/import-demo.yaml starts from an imported cohort', () => {
  const c = readExperimentConfig(join(__dirname, '../../../experiments/import-demo.yaml'));
  expect(c.importedCohort).toEqual({ dataset: 'demo-import' });
  expect(c.cohort).toBeUndefined();
  expect(c.qtmnet?.train.simulate?.subjects).toBe(6);
});

test('an imported cohort is named by the import name or a sha256', () => {
  const sha = 'ab'.repeat(32);
  const base = { name: 'x', fit: {}, grading: {} };
  expect(
    parseExperimentConfig({ ...base, importedCohort: { dataset: sha } }, 'inline').importedCohort,
  ).toEqual({ dataset: sha });
  expect(() => parseExperimentConfig({ ...base, importedCohort: { dataset: '../etc' } }, 'inline')).toThrow(
    /inline: importedCohort\.dataset: the name given to `qtm import --name`/,
  );
});

test.each([
  [
    { name: 'x', importedCohort: { dataset: 'a' } },
    /importedCohort: an imported cohort needs `fit` and `grading`/,
  ],
  [
    {
      name: 'x',
      importedCohort: { dataset: 'a' },
      cohort: { lgg: 4, hgg: 4, seed: 1 },
      fit: {},
      grading: { folds: 2 },
    },
    /importedCohort: give either a simulated `cohort` or an `importedCohort`, not both/,
  ],
])('a contradictory config is refused: %j', (config, message) => {
  expect(() => parseExperimentConfig(config, 'inline')).toThrow(message);
});
