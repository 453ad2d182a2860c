/**
 * The secrets of pseudonymisation, kept only on the importing machine, in one folder of mode 0700:
 * `hmac-key` (32 random bytes as hex, mode 0600), created on first use, and `id-map.csv` (source_id, pseudonym,
 * date_shift_days; mode 0600), the only link from pseudonyms back to patients. `qtm import` never writes either
 * into its output, uploads them, logs them or records them anywhere else; losing the key means the same patient
 * gets a new pseudonym on the next import.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { formatCsv, parseCsv } from './csv';
import { FormatError } from './format-error';
import { Pseudonymiser, type SubjectPseudonym } from './pseudonymiser';

export const KEY_FILE = 'hmac-key';
export const ID_MAP_FILE = 'id-map.csv';

export interface ImportSecrets {
  dir: string;
  pseudonymiser: Pseudonymiser;
  /** Adds a subject to the ID map (once; a known source ID keeps its row). */
  record(sourceId: string, subject: SubjectPseudonym): void;
}

/** Where secrets live unless the caller names a folder: ~/.qtm/import-secrets. */
export function defaultSecretsDir(): string {
  return join(homedir(), '.qtm', 'import-secrets');
}

/** Opens (creating when missing) the secrets folder `dir`. */
export function openImportSecrets(dir: string): ImportSecrets {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keyPath = join(dir, KEY_FILE);
  if (!existsSync(keyPath)) writeFileAtomic(keyPath, `${randomBytes(32).toString('hex')}\n`, 0o600);
  if ((statSync(keyPath).mode & 0o077) !== 0)
    throw new FormatError(
      'INSECURE_KEY_FILE',
      `${keyPath} can be read by other users; restrict it with \`chmod 600 ${keyPath}\` (the key must stay secret)`,
    );
  const hex = readFileSync(keyPath, 'utf8').trim();
  if (!/^[0-9a-f]{64,}$/.test(hex))
    throw new FormatError(
      'INVALID_KEY_FILE',
      `${keyPath} is not a hex key of at least 64 digits; restore it from your backup (a new key gives every patient a new pseudonym)`,
    );
  const pseudonymiser = new Pseudonymiser(Buffer.from(hex, 'hex'));
  const mapPath = join(dir, ID_MAP_FILE);
  const rows = new Map<string, [string, string, number]>();
  if (existsSync(mapPath)) {
    const table = parseCsv(readFileSync(mapPath, 'utf8'), mapPath);
    for (const r of table.rows) rows.set(r[0], [r[0], r[1], Number(r[2])]);
  }
  return {
    dir,
    pseudonymiser,
    record(sourceId, subject) {
      if (rows.has(sourceId)) return;
      rows.set(sourceId, [sourceId, subject.pseudonym, subject.dateShiftDays]);
      writeFileAtomic(
        mapPath,
        formatCsv(['source_id', 'pseudonym', 'date_shift_days'], [...rows.values()]),
        0o600,
      );
      chmodSync(mapPath, 0o600);
    },
  };
}
