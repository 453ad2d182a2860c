/**
 * The job behind `qtm import` (docs/import.md): a source folder of real acquisitions becomes a cohort of subject
 * folders named by keyed pseudonyms, plus labels.csv. The secret key and the ID map stay in the secrets folder
 * on this machine (formats/import-secrets.ts), which may not lie inside the output; de-identified DICOM copies
 * and dcm2niix outputs live in a private work folder that is removed afterwards unless the caller names one.
 * Progress lines name subjects by pseudonym only.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { pendingFolder } from '../../formats/atomic-write';
import { writeLabels } from '../../formats/cohort-labels';
import { FormatError } from '../../formats/format-error';
import { openImportSecrets } from '../../formats/import-secrets';
import { readImportSource } from '../../formats/import-source';
import { type ImportedSubject, type ImportSettings, importSubject } from './import-subject';

export interface ImportCohortOptions extends ImportSettings {
  source: string;
  out: string;
  secretsDir: string;
  /** Keep the de-identified DICOM and dcm2niix outputs here (default: a temporary folder, removed). */
  workDir?: string;
  onProgress?: (line: string) => void;
}

export async function runImportCohort(o: ImportCohortOptions): Promise<ImportedSubject[]> {
  const within = (inner: string, outer: string) => {
    const r = relative(resolve(outer), resolve(inner));
    return r === '' || (!r.startsWith('..') && !isAbsolute(r));
  };
  if (within(o.secretsDir, o.out) || within(o.out, o.secretsDir))
    throw new FormatError(
      'SECRETS_IN_OUTPUT',
      `the secrets folder ${o.secretsDir} and the output ${o.out} overlap; keep the key and ID map outside anything that is uploaded`,
    );
  if (existsSync(o.out) && readdirSync(o.out).length > 0)
    throw new FormatError('OUTPUT_NOT_EMPTY', `${o.out} is not empty; import into a new folder`);
  const secrets = openImportSecrets(o.secretsDir);
  const { pseudonymiser } = secrets;
  const sources = readImportSource(o.source, (id) => pseudonymiser.subject(id).pseudonym);
  const seen = new Map<string, string>();
  for (const s of sources) {
    const p = pseudonymiser.subject(s.sourceId).pseudonym;
    if (seen.has(p))
      throw new FormatError(
        'PSEUDONYM_COLLISION',
        `${s.label} and ${seen.get(p)} get the same pseudonym; rename one source folder`,
      );
    seen.set(p, s.label);
  }
  const workRoot = o.workDir ?? mkdtempSync(join(tmpdir(), 'qtm-import-'));
  // The cohort is written into a temporary folder beside o.out that takes its name when every subject is in.
  const out = pendingFolder(o.out);
  try {
    const imported: ImportedSubject[] = [];
    for (const [k, src] of sources.entries()) {
      const subject = pseudonymiser.subject(src.sourceId);
      secrets.record(src.sourceId, subject);
      const dir = join(out.path, subject.pseudonym);
      mkdirSync(dir, { recursive: true });
      const result = await importSubject(
        src,
        { ...subject, uid: (u) => pseudonymiser.uid(u) },
        o,
        dir,
        join(workRoot, subject.pseudonym),
      );
      imported.push(result);
      o.onProgress?.(
        `${result.subject} (${k + 1}/${sources.length}): ${result.grade}, ${result.frames} frames, AIF ${o.aif}${result.aifVoxels ? ` from ${result.aifVoxels} voxels` : ''}${result.invalidVoxels ? `, ${result.invalidVoxels} voxels without concentration` : ''}`,
      );
    }
    writeLabels(
      out.path,
      imported.map((s) => ({ subject: s.subject, grade: s.grade })),
    );
    out.commit();
    return imported;
  } finally {
    out.discard();
    if (!o.workDir) rmSync(workRoot, { recursive: true, force: true });
  }
}
