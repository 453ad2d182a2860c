/**
 * Bad CSV files at the edges (a cohort's labels.csv, a subject's aif.csv, the curves `qtm fit --input`
 * reads): each is refused with a message naming the file, the row and the column, and nothing is written.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerFit } from '../../../cli/commands/fit';
import { runFeatures } from '../../../jobs/features-job';
import { runFitSubject } from '../../../jobs/fit-job';
import { osipiText } from '../../fixtures/osipi/osipi-curves';
import { tempDir, tinyCohort, tree, writeTinySubject } from './edge-fixtures';

const features = (cohort: string) =>
  runFeatures({ cohort, methods: ['2cxm'], out: join(cohort, 'features.csv'), roiLabels: [1] });

describe("a cohort's labels.csv", () => {
  it.each([
    [
      'without a grade column',
      'subject\np1\np2\n',
      'CSV_MISSING_COLUMN',
      /labels\.csv: no column "grade"; columns are: subject/,
    ],
    [
      'with a grade that is not lgg or hgg',
      'subject,grade\np1,hgg\np2,gbm\n',
      'INVALID_LABEL',
      /labels\.csv: row 3 has grade "gbm"; expected lgg or hgg/,
    ],
    [
      'with a subject twice',
      'subject,grade\np1,hgg\np1,lgg\n',
      'INVALID_LABEL',
      /labels\.csv: row 3 subject "p1" is empty or repeated/,
    ],
    [
      'with a row short of a cell',
      'subject,grade\np1,hgg\np2\n',
      'CSV_ROW_LENGTH',
      /labels\.csv: row 3 has 1 cells but the header has 2/,
    ],
  ])('%s is refused by qtm features, which writes nothing', (_what, csv, code, message) => {
    const cohort = tinyCohort();
    writeFileSync(join(cohort, 'labels.csv'), csv);
    const before = tree(cohort);
    expect(() => features(cohort)).toThrow(
      expect.objectContaining({ code, message: expect.stringMatching(message) }),
    );
    expect(tree(cohort)).toEqual(before);
  });
});

describe("a subject's aif.csv", () => {
  it.each([
    [
      'an infinite concentration',
      (rows: string[]) => rows.map((r, i) => (i === 3 ? r.replace(/,.*/, ',inf') : r)),
      /row 4, column cp_mM: "inf" is not a finite number/,
    ],
    [
      'an empty time',
      (rows: string[]) => rows.map((r, i) => (i === 2 ? r.replace(/^[^,]*/, '') : r)),
      /row 3, column t_s: "" is not a finite number/,
    ],
  ])('with %s is refused by qtm fit, which writes no maps', async (_what, edit, message) => {
    const subject = writeTinySubject();
    const aif = join(subject, 'aif.csv');
    const rows = (await import('node:fs')).readFileSync(aif, 'utf8').trimEnd().split('\n');
    writeFileSync(aif, `${edit(rows).join('\n')}\n`);
    const before = tree(join(subject, '..'));
    await expect(runFitSubject({ model: '2cxm', subject, mask: 'tumour', threads: 1 })).rejects.toMatchObject(
      {
        code: 'CSV_NOT_A_NUMBER',
        message: expect.stringMatching(
          new RegExp(`^${aif.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: ${message.source}`),
        ),
      },
    );
    expect(tree(join(subject, '..'))).toEqual(before);
  });
});

describe('the curves of qtm fit --input', () => {
  it('a cell that is not a number is refused by row and column, and --out is not written', async () => {
    const dir = tempDir('curves');
    const lines = osipiText('2cxm_sd_0.001_delay_0.csv').trimEnd().split('\n');
    lines[3] = lines[3].replace(/^([^,]*,)[^,]*/, '$1zero');
    writeFileSync(join(dir, 'curves.csv'), `${lines.join('\n')}\n`);
    const program = new Command('qtm').exitOverride().configureOutput({ writeErr: () => undefined });
    registerFit(program);
    const args = ['fit', '--model', '2cxm', '--input', join(dir, 'curves.csv'), '--threads', '1'];
    await expect(
      program.parseAsync([...args, '--out', join(dir, 'fits.csv')], { from: 'user' }),
    ).rejects.toMatchObject({
      code: 'CSV_NUMBER',
      message: expect.stringMatching(/curves\.csv: row 4, column "vp": "zero" is not a number/),
    });
    expect(tree(dir)).toEqual(['curves.csv']);
  });
});
