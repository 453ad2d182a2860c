/**
 * A DICOM series folder becomes NIfTI + JSON sidecars in two steps, in that order: every file is de-identified
 * (formats/dicom/deidentify.ts) into a private work folder under a neutral name, and only those copies are
 * given to dcm2niix (Debian package; Rorden et al., https://github.com/rordenlab/dcm2niix), so neither its
 * sidecars nor its file names can carry anything the profile removes. Files without the DICOM Part 10 marker
 * (DICOMDIR, notes) are skipped and counted.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DeidentifyContext, deidentifyDicom } from '../../formats/dicom/deidentify';
import { parseDicom } from '../../formats/dicom/dicom-file';
import { serialiseDicom } from '../../formats/dicom/dicom-write';
import { insideFolder } from '../../formats/folder-files';
import { FormatError } from '../../formats/format-error';

export interface ConvertedSeries {
  /** One entry per NIfTI dcm2niix wrote: the image and its sidecar. */
  outputs: Array<{ nifti: string; json: string }>;
  /** DICOM files de-identified, and files skipped as not DICOM. */
  files: number;
  skipped: number;
}

/** De-identifies every file under `sourceDir` into `workDir/dicom`, converts them into `workDir/nifti`. */
export function convertDicomSeries(
  sourceDir: string,
  workDir: string,
  ctx: DeidentifyContext,
  label: string,
): ConvertedSeries {
  const dicomDir = join(workDir, 'dicom');
  const niftiDir = join(workDir, 'nifti');
  mkdirSync(dicomDir, { recursive: true, mode: 0o700 });
  mkdirSync(niftiDir, { recursive: true, mode: 0o700 });
  let files = 0;
  let skipped = 0;
  listFiles(sourceDir, label).forEach((path, i) => {
    const bytes = readFileSync(path);
    if (bytes.length < 132 || bytes.toString('latin1', 128, 132) !== 'DICM') {
      skipped++;
      return;
    }
    // The file's position stands in for its name, which may itself identify (a UID, a patient name).
    const name = `file #${i + 1} of ${label}`;
    writeFileSync(
      join(dicomDir, `${String(files).padStart(6, '0')}.dcm`),
      serialiseDicom(deidentifyDicom(parseDicom(bytes, name), ctx)),
    );
    files++;
  });
  if (files === 0) throw new FormatError('DICOM_SERIES_EMPTY', `${label}: holds no DICOM Part 10 file`);
  const run = spawnSync(
    'dcm2niix',
    ['-b', 'y', '-ba', 'y', '-z', 'n', '-f', 'series_%s', '-o', niftiDir, dicomDir],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (run.error)
    throw new FormatError(
      'DCM2NIIX_MISSING',
      `cannot run dcm2niix (${(run.error as NodeJS.ErrnoException).code}); install Debian's package: apt-get install dcm2niix`,
    );
  const outputs = readdirSync(niftiDir)
    .filter((f) => f.endsWith('.nii'))
    .sort()
    .map((f) => ({ nifti: join(niftiDir, f), json: join(niftiDir, f.replace(/\.nii$/, '.json')) }));
  if (run.status !== 0 || outputs.length === 0)
    throw new FormatError(
      'DICOM_CONVERSION_FAILED',
      `${label}: dcm2niix converted nothing (exit ${run.status}): ${`${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-3).join(' | ')}`,
    );
  return { outputs, files, skipped };
}

/** The version dcm2niix reports (recorded in provenance). */
export function dcm2niixVersion(): string {
  const run = spawnSync('dcm2niix', ['-v'], { encoding: 'utf8' });
  return /v\d+\.\d+\.\d+/.exec(`${run.stdout ?? ''}`)?.[0] ?? 'unknown';
}

/**
 * Files under `root`, sorted; a symbolic link leading outside `root` is refused (folder-files.ts). Messages
 * name the series by `label`, not by paths, which may identify.
 */
function listFiles(root: string, label: string, sub = ''): string[] {
  return readdirSync(join(root, sub))
    .sort()
    .flatMap((entry) => {
      const path = insideFolder(root, join(sub, entry), `${label}: an entry of the series folder`);
      return statSync(path).isDirectory()
        ? listFiles(root, label, join(sub, entry))
        : entry.startsWith('.')
          ? []
          : [path];
    });
}
