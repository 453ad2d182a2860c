/**
 * `qtm import`: real acquisitions (DICOM series or NIfTI + BIDS sidecars) into pseudonymised subject folders
 * (jobs/import/import-job.ts, docs/import.md), then, unless --no-upload, the cohort uploaded as datasets with a
 * Run row, so that an experiment config can start from it (`importedCohort: { dataset: <name> }`). Progress on
 * stderr names pseudonyms only; the key and ID map stay in --secrets.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { defaultSecretsDir } from '../../formats/import-secrets';
import { readModelFolder } from '../../formats/model-folder';
import { AIF_METHODS, type AifMethod } from '../../jobs/import/import-aif';
import { runImportCohort } from '../../jobs/import/import-job';
import { codeVersion } from '../../runtime/code-version';
import { loadSettings } from '../../runtime/settings';
import { uploadImportedCohort } from '../../storage/imported-cohort';
import { openObjectStore } from '../../storage/object-store-client';
import { openResultsRepository } from '../../storage/results-repository';
import { integerOption } from '../option-parsers';

interface ImportOptions {
  source: string;
  out: string;
  name: string;
  secrets: string;
  aif: AifMethod;
  baselineFrames?: number;
  skipFrames: number;
  r1: number;
  hct: number;
  dose?: number;
  resampleTo?: string;
  workDir?: string;
  upload: boolean;
}

const positive =
  (what: string, max = Number.POSITIVE_INFINITY) =>
  (value: string) => {
    const v = Number(value);
    if (!(Number.isFinite(v) && v > 0 && v <= max))
      throw new InvalidArgumentError(`${what}: expected a number in (0, ${max}], got "${value}"`);
    return v;
  };

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'pseudonymise real DCE-MRI acquisitions into subject folders and upload them as a dataset (docs/import.md)',
    )
    .requiredOption(
      '--source <dir>',
      'folder with labels.csv and one folder per subject (DICOM series or NIfTI + sidecars)',
    )
    .requiredOption('--out <dir>', 'new folder for the pseudonymised cohort (subject folders + labels.csv)')
    .requiredOption(
      '--name <name>',
      'name of the import, for experiment configs (lowercase letters, digits, hyphens)',
      (v) => {
        if (!/^[a-z][a-z0-9-]{0,62}$/.test(v))
          throw new InvalidArgumentError(
            `"${v}" must be lowercase letters, digits and hyphens, starting with a letter`,
          );
        return v;
      },
    )
    .option(
      '--secrets <dir>',
      'folder of the secret key and the ID map, on this machine only',
      defaultSecretsDir(),
    )
    .addOption(
      new Option('--aif <method>', 'arterial input function').choices([...AIF_METHODS]).default('auto'),
    )
    .option(
      '--baseline-frames <n>',
      'pre-contrast volumes (default: from the detected bolus arrival)',
      integerOption(1),
    )
    .option(
      '--skip-frames <n>',
      'leading volumes left out of the baseline signal (not yet in steady state)',
      integerOption(0),
      1,
    )
    .option('--r1 <per_mM_s>', 'contrast agent relaxivity r1, 1/(mM s)', positive('--r1', 100), 4.97)
    .option('--hct <fraction>', 'large-vessel haematocrit', positive('--hct', 0.99), 0.42)
    .option(
      '--dose <mmol_per_kg>',
      'contrast dose for series whose sidecar lacks ContrastDose',
      positive('--dose', 10),
    )
    .option('--resample-to <model dir>', "resample every series onto this QTMnet model's training protocol")
    .option('--work-dir <dir>', 'keep the de-identified DICOM and dcm2niix outputs here (default: removed)')
    .option('--no-upload', 'only write the folders; do not upload to the object store and database')
    .action(async (o: ImportOptions) => {
      const resampleTo = o.resampleTo ? (await readModelFolder(o.resampleTo)).metadata.protocol : undefined;
      const settings = {
        aif: o.aif,
        baselineFrames: o.baselineFrames,
        skipFrames: o.skipFrames,
        r1PerMmS: o.r1,
        hct: o.hct,
        doseMmolPerKg: o.dose,
        resampleTo,
      };
      const subjects = await runImportCohort({
        ...settings,
        source: o.source,
        out: o.out,
        secretsDir: o.secrets,
        workDir: o.workDir,
        onProgress: (line) => process.stderr.write(`${line}\n`),
      });
      process.stdout.write(`${o.out}: ${subjects.length} pseudonymised subjects and labels.csv\n`);
      if (!o.upload) return;
      const env = loadSettings();
      const [store, results] = await Promise.all([
        openObjectStore(env.s3),
        openResultsRepository(env.databaseUrl),
      ]);
      try {
        const up = await uploadImportedCohort(store, results, {
          name: o.name,
          cohortDir: o.out,
          subjects,
          // JSON as it will be stored: options not given are left out rather than kept as undefined.
          config: JSON.parse(JSON.stringify({ ...settings, subjects: subjects.length })),
          codeVersion: codeVersion(),
        });
        process.stdout.write(
          `uploaded as imported cohort "${o.name}": dataset ${up.cohort.sha256} (run ${up.runId}); use it with importedCohort: { dataset: ${o.name} }\n`,
        );
      } finally {
        await results.close();
      }
    });
}
