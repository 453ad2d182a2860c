/**
 * The folder `qtm import` reads (docs/import.md): `labels.csv` (subject,grade; subject = the name of the
 * subject's folder at the source, often a patient ID) and one folder per subject holding each series either as
 * a folder of DICOM files (`dce/`, `t1map/`, `vfa/`) or as NIfTI (`dce.nii.gz`, ...), optionally with a
 * sidecar (`dce.json`, ...), plus NIfTI masks: `tumour.nii.gz` (required), `brain.nii.gz` and `artery.nii.gz`.
 * Source subject names are identifying, so messages name a subject by its labels.csv row and pseudonym only.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isSafeName, SAFE_NAME_RULE } from '../contracts/safe-names';
import type { Grade } from './cohort-labels';
import { columnIndex, parseCsv } from './csv';
import { insideFolder } from './folder-files';
import { FormatError } from './format-error';

export type SeriesInput = { kind: 'dicom'; dir: string } | { kind: 'nifti'; file: string };

export interface SubjectSource {
  /** The subject's name at the source (identifying: never written out). */
  sourceId: string;
  grade: Grade;
  /** How messages name this subject: its labels.csv row (and pseudonym, when the caller gives one). */
  label: string;
  dir: string;
  dce: SeriesInput;
  t1map?: SeriesInput;
  vfa?: SeriesInput;
  /** The user's sidecar beside each series, when present. */
  sidecars: Partial<Record<'dce' | 't1map' | 'vfa', string>>;
  tumour: string;
  brain?: string;
  artery?: string;
}

/** Reads labels.csv and finds every subject's inputs; `pseudonym` names subjects in messages. */
export function readImportSource(
  sourceDir: string,
  pseudonym: (sourceId: string) => string,
): SubjectSource[] {
  const labelsPath = join(sourceDir, 'labels.csv');
  if (!existsSync(labelsPath))
    throw new FormatError(
      'SUBJECT_FILE_MISSING',
      `${labelsPath}: missing; the source needs labels.csv with columns subject,grade`,
    );
  const table = parseCsv(readFileSync(labelsPath, 'utf8'), labelsPath);
  const si = columnIndex(table, 'subject', labelsPath);
  const gi = columnIndex(table, 'grade', labelsPath);
  const seen = new Set<string>();
  return table.rows.map((row, i) => {
    const where = `labels.csv row ${i + 2}`;
    const sourceId = row[si].trim();
    const grade = row[gi].trim().toLowerCase();
    if (sourceId === '' || seen.has(sourceId))
      throw new FormatError('INVALID_LABEL', `${join(sourceDir, where)}: the subject is empty or repeated`);
    // Not echoed: a source subject name is often a patient ID.
    if (!isSafeName(sourceId))
      throw new FormatError(
        'INVALID_SUBJECT_NAME',
        `${join(sourceDir, where)}, column subject: the name cannot be a subject folder's; rename the folder and its row to ${SAFE_NAME_RULE}`,
      );
    if (grade !== 'lgg' && grade !== 'hgg')
      throw new FormatError(
        'INVALID_LABEL',
        `${join(sourceDir, where)}: grade "${row[gi]}" is not lgg or hgg`,
      );
    seen.add(sourceId);
    const label = `${where} (${pseudonym(sourceId)})`;
    // Every input lies inside the source folder: a symbolic link leading out of it is refused.
    const dir = insideFolder(sourceDir, sourceId, `${label}: the subject folder`);
    const within = (name: string) => insideFolder(sourceDir, join(sourceId, name), `${label}: ${name}`);
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new FormatError('SUBJECT_FILE_MISSING', `${label}: the source has no folder for this subject`);
    const series = (name: string): SeriesInput | undefined => {
      if (existsSync(within(name)) && statSync(within(name)).isDirectory())
        return { kind: 'dicom', dir: within(name) };
      for (const file of [`${name}.nii.gz`, `${name}.nii`])
        if (existsSync(within(file))) return { kind: 'nifti', file: within(file) };
      return undefined;
    };
    const optional = (file: string) => (existsSync(within(file)) ? within(file) : undefined);
    const dce = series('dce');
    if (!dce)
      throw new FormatError(
        'SUBJECT_FILE_MISSING',
        `${label}: no DCE series; give dce/ (DICOM files) or dce.nii.gz`,
      );
    const t1map = series('t1map');
    const vfa = series('vfa');
    if (!t1map && !vfa)
      throw new FormatError(
        'SUBJECT_FILE_MISSING',
        `${label}: no pre-contrast T1; give a T1 map (t1map/ or t1map.nii.gz) or a variable-flip-angle series (vfa/ or vfa.nii.gz)`,
      );
    const tumour = optional('tumour.nii.gz') ?? optional('tumour.nii');
    if (!tumour)
      throw new FormatError('SUBJECT_FILE_MISSING', `${label}: tumour.nii.gz (tumour labels) is missing`);
    return {
      sourceId,
      grade,
      label,
      dir,
      dce,
      t1map,
      vfa: t1map ? undefined : vfa,
      sidecars: Object.fromEntries(
        (['dce', 't1map', 'vfa'] as const).flatMap((k) =>
          optional(`${k}.json`) ? [[k, within(`${k}.json`)]] : [],
        ),
      ),
      tumour,
      brain: optional('brain.nii.gz') ?? optional('brain.nii'),
      artery: optional('artery.nii.gz') ?? optional('artery.nii'),
    };
  });
}
