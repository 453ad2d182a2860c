/**
 * A cohort folder's labels.csv (columns subject,grade): which subject folders it holds and each one's tumour
 * grade. A subject name is a folder name inside the cohort, so it must be a safe name (contracts/safe-names.ts):
 * no separator, no "..", nothing that could lead outside the cohort.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSafeName, SAFE_NAME_RULE } from '../contracts/safe-names';
import { writeFileAtomic } from './atomic-write';
import { columnIndex, formatCsv, parseCsv } from './csv';
import { insideFolder } from './folder-files';
import { FormatError } from './format-error';

export type Grade = 'lgg' | 'hgg';

/** `name`, when it can name a subject's folder; `where` says where it came from. */
export function checkSubjectName(name: string, where: string): string {
  if (!isSafeName(name))
    throw new FormatError(
      'INVALID_SUBJECT_NAME',
      `${where}: subject "${name.slice(0, 80)}" cannot name a subject folder; use ${SAFE_NAME_RULE}`,
    );
  return name;
}

/** Writes <cohort>/labels.csv (subject,grade). */
export function writeLabels(
  cohortDir: string,
  labels: ReadonlyArray<{ subject: string; grade: Grade }>,
): void {
  const path = join(cohortDir, 'labels.csv');
  for (const [i, l] of labels.entries()) checkSubjectName(l.subject, `${path}: row ${i + 2}`);
  writeFileAtomic(
    path,
    formatCsv(
      ['subject', 'grade'],
      labels.map((l) => [l.subject, l.grade]),
    ),
  );
}

/** Reads <cohort>/labels.csv; grades must be lgg or hgg, subjects unique safe names. */
export function readLabels(cohortDir: string): Array<{ subject: string; grade: Grade }> {
  const path = insideFolder(cohortDir, 'labels.csv');
  if (!existsSync(path))
    throw new FormatError(
      'SUBJECT_FILE_MISSING',
      `${path}: missing; a cohort needs labels.csv with columns subject,grade`,
    );
  const table = parseCsv(readFileSync(path, 'utf8'), path);
  const si = columnIndex(table, 'subject', path);
  const gi = columnIndex(table, 'grade', path);
  const seen = new Set<string>();
  return table.rows.map((row, i) => {
    const grade = row[gi].trim().toLowerCase();
    if (grade !== 'lgg' && grade !== 'hgg')
      throw new FormatError(
        'INVALID_LABEL',
        `${path}: row ${i + 2} has grade "${row[gi]}"; expected lgg or hgg`,
      );
    const subject = row[si].trim();
    if (subject === '' || seen.has(subject))
      throw new FormatError(
        'INVALID_LABEL',
        `${path}: row ${i + 2} subject "${subject}" is empty or repeated`,
      );
    checkSubjectName(subject, `${path}: row ${i + 2}, column subject`);
    seen.add(subject);
    return { subject, grade };
  });
}
