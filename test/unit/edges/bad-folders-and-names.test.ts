/**
 * Folders and names that would lead a job outside the folder it was given: subject names with separators
 * or "..", symbolic links pointing out of a subject folder, a cohort or an import source, a link inside a
 * folder to be stored, an unsafe `--id`. Each is refused with a message naming the file and the field, and
 * nothing is written.
 */
import { copyFileSync, mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerExperiment } from '../../../cli/commands/experiment';
import { runFeatures } from '../../../jobs/features-job';
import { runFitSubject } from '../../../jobs/fit-job';
import { runImportCohort } from '../../../jobs/import/import-job';
import type { ContentAddressedStore } from '../../../storage/content-addressed-store';
import { putFolder } from '../../../storage/dataset-folder';
import { tempDir, tinyCohort, tree, writeTinySubject } from './edge-fixtures';

const features = (cohort: string, methods = ['2cxm']) =>
  runFeatures({ cohort, methods, out: join(cohort, 'features.csv'), roiLabels: [1] });

describe('subject names become folder names only when safe', () => {
  it.each([
    ['../escape', /row 3, column subject: subject "\.\.\/escape" cannot name a subject folder/],
    ['p1/maps', /row 3, column subject: subject "p1\/maps" cannot name a subject folder/],
    ['..', /row 3, column subject: subject "\.\." cannot name a subject folder/],
  ])('labels.csv subject %s is refused by qtm features', (name, message) => {
    const cohort = tinyCohort();
    writeFileSync(join(cohort, 'labels.csv'), `subject,grade\np1,hgg\n${name},lgg\n`);
    const before = tree(cohort);
    expect(() => features(cohort)).toThrow(
      expect.objectContaining({
        code: 'INVALID_SUBJECT_NAME',
        message: expect.stringMatching(new RegExp(`^${join(cohort, 'labels.csv')}: ${message.source}`)),
      }),
    );
    expect(tree(cohort)).toEqual(before);
  });

  it('a method name that is not a folder name is refused before anything is read', () => {
    const cohort = tinyCohort();
    const before = tree(cohort);
    expect(() => features(cohort, ['../../2cxm'])).toThrow(
      expect.objectContaining({
        code: 'INVALID_METHOD',
        message: expect.stringMatching(/method "\.\.\/\.\.\/2cxm" cannot name a folder under maps\//),
      }),
    );
    expect(tree(cohort)).toEqual(before);
  });

  it('an import source subject with a path in its name is refused without echoing the name, and no cohort is written', async () => {
    const root = tempDir('import-names');
    mkdirSync(join(root, 'source'));
    writeFileSync(join(root, 'source', 'labels.csv'), 'subject,grade\n../DOE_JANE,hgg\n');
    const error = await runImportCohort({
      source: join(root, 'source'),
      out: join(root, 'out'),
      secretsDir: join(root, 'secrets'),
      aif: 'mask',
      skipFrames: 1,
      r1PerMmS: 4.5,
      hct: 0.42,
    }).catch((e: Error) => e);
    expect(error).toMatchObject({
      code: 'INVALID_SUBJECT_NAME',
      message: expect.stringMatching(
        /source\/labels\.csv row 2, column subject: the name cannot be a subject folder's/,
      ),
    });
    expect((error as Error).message).not.toMatch(/DOE|JANE/);
    expect(tree(root).filter((p) => !p.startsWith('secrets'))).toEqual(['source', 'source/labels.csv']);
  });

  it('qtm experiment run --id refuses an id that cannot name its results folder, before reading the config', async () => {
    const cwd = process.cwd();
    const dir = tempDir('run-id');
    process.chdir(dir);
    try {
      const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
      registerExperiment(program);
      await expect(
        program.parseAsync(['experiment', 'run', '--id', '../../etc', 'missing.yaml'], { from: 'user' }),
      ).rejects.toMatchObject({
        code: 'commander.invalidArgument',
        message: expect.stringMatching(/--id <workflowId>.*"\.\.\/\.\.\/etc" cannot name a folder/),
      });
      expect(tree(dir)).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('symbolic links cannot lead a reader or an upload out of its folder', () => {
  it('a subject whose conc.nii.gz links to a file outside it is refused; qtm fit writes no maps', async () => {
    const subject = writeTinySubject();
    const outside = join(tempDir('elsewhere'), 'conc.nii.gz');
    renameSync(join(subject, 'conc.nii.gz'), outside);
    symlinkSync(outside, join(subject, 'conc.nii.gz'));
    const before = tree(join(subject, '..'));
    await expect(runFitSubject({ model: '2cxm', subject, mask: 'tumour', threads: 1 })).rejects.toMatchObject(
      {
        code: 'PATH_OUTSIDE_FOLDER',
        message: `${join(subject, 'conc.nii.gz')}: is a symbolic link that leads outside its folder; copy the file into the folder instead`,
      },
    );
    expect(tree(join(subject, '..'))).toEqual(before);
  });

  it('a link that stays inside the subject folder is followed', async () => {
    const subject = writeTinySubject();
    renameSync(join(subject, 'conc.nii.gz'), join(subject, 'conc-v1.nii.gz'));
    symlinkSync('conc-v1.nii.gz', join(subject, 'conc.nii.gz'));
    await expect(
      runFitSubject({ model: '2cxm', subject, mask: 'tumour', threads: 1 }),
    ).resolves.toMatchObject({ fitted: 1 });
  });

  it('a cohort whose subject folder links outside the cohort is refused by qtm features', () => {
    const cohort = tinyCohort();
    const elsewhere = join(tempDir('elsewhere'), 'p2');
    mkdirSync(elsewhere);
    for (const f of ['mask_tumour.nii.gz']) copyFileSync(join(cohort, 'p2', f), join(elsewhere, f));
    renameSync(join(cohort, 'p2'), join(cohort, '..', `${cohort.split('/').pop()}-p2-moved`));
    symlinkSync(elsewhere, join(cohort, 'p2'));
    const before = tree(cohort);
    expect(() => features(cohort)).toThrow(
      expect.objectContaining({
        code: 'PATH_OUTSIDE_FOLDER',
        message: expect.stringMatching(
          /p2\/mask_tumour\.nii\.gz: is a symbolic link that leads outside its folder/,
        ),
      }),
    );
    expect(tree(cohort)).toEqual(before);
  });

  it('a folder holding a symbolic link is not stored: nothing reaches the object store', async () => {
    const dir = tempDir('upload');
    writeFileSync(join(dir, 'report.html'), '<html>');
    symlinkSync('/etc/hostname', join(dir, 'figure.png'));
    const putBytes = jest.fn();
    const store = { putBytes } as unknown as ContentAddressedStore;
    await expect(putFolder(store, 'report', dir)).rejects.toMatchObject({
      code: 'NOT_A_REGULAR_FILE',
      message: expect.stringMatching(
        /figure\.png: a symbolic link; a folder stored as a dataset may hold only regular files/,
      ),
    });
    expect(putBytes).not.toHaveBeenCalled();
  });
});
