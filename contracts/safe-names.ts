/**
 * Names that become file names, folder names and object keys: subject names (labels.csv and cohort.json,
 * each a subject's folder), workflow ids (`qtm experiment run --id`, which name the results/<id>/ folder) and
 * each part of a dataset's shard paths. Never a path separator, never a way out of the folder they are
 * joined to.
 */

/** The rule, as messages state it. */
export const SAFE_NAME_RULE =
  'letters, digits, ".", "_" and "-", starting with a letter or digit, at most 128 characters, no ".."';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function isSafeName(name: string): boolean {
  return SAFE_NAME.test(name) && !name.includes('..');
}
