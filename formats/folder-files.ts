/**
 * Files of a folder read at the edge (a subject folder, a cohort, an import source, a model folder): a name
 * joined to the folder must stay inside it. A symbolic link is followed only when it leads to a place inside
 * the folder; one that leads outside is refused, so a folder cannot make a reader take a file from elsewhere
 * on the machine (and then pass it on, e.g. into the object store).
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { FormatError } from './format-error';

/**
 * `dir/name` (a relative name, `/`-separated parts allowed), refused when it leads outside `dir`. A path
 * that does not exist is returned as it is: the caller says what is missing. `label` names it in messages
 * (default: the path).
 */
export function insideFolder(dir: string, name: string, label = join(dir, name)): string {
  const path = join(dir, name);
  const refuse = (why: string): never => {
    throw new FormatError('PATH_OUTSIDE_FOLDER', `${label}: ${why}`);
  };
  if (leavesFolder(relative(dir, path))) refuse('the name leads outside its folder; name a file inside it');
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return path;
  }
  if (leavesFolder(relative(realpathSync(dir), real)))
    refuse('is a symbolic link that leads outside its folder; copy the file into the folder instead');
  return path;
}

function leavesFolder(rel: string): boolean {
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}
