/**
 * Searching bytes for identifying values. Text (JSON, CSV, logs, SQL rows, file names) is searched for every
 * value; binary data (image voxels, PNG, protobuf) only for values of 8 characters or more, since a short name
 * like "DOE" occurs by chance in megabytes of random-looking bytes. gzip is opened first; NIfTI headers (whose
 * description fields are text) are searched for every value.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface Finding {
  where: string;
  value: string;
}

function isText(bytes: Buffer): boolean {
  return !bytes.subarray(0, 4096).includes(0) && bytes.toString('utf8').indexOf('\uFFFD') < 0;
}

/** Identifying values found in one blob (`where` names it in the findings). */
export function scanBytes(where: string, raw: Buffer, values: string[]): Finding[] {
  const bytes = raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  const text = bytes.toString('latin1');
  const everyValue = isText(bytes) ? text : text.slice(0, 352);
  const found = values.filter((v) => everyValue.includes(v) || (v.length >= 8 && text.includes(v)));
  return found.map((value) => ({ where, value }));
}

/** Every file under `dir`: its relative name and its contents. */
export function scanTree(dir: string, values: string[], prefix = dir): Finding[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    const name = relative(prefix, path);
    const nameHits = values
      .filter((v) => name.includes(v))
      .map((value) => ({ where: `file name ${name}`, value }));
    const inside = statSync(path).isDirectory()
      ? scanTree(path, values, prefix)
      : scanBytes(name, readFileSync(path), values);
    return [...nameHits, ...inside];
  });
}
