/**
 * Outputs that appear whole or not at all. A file is written under a temporary name in its own folder and
 * renamed into place (rename within a file system is atomic), so a crash, a full disk or a failed step never
 * leaves a truncated file under the real name. A folder output (a subject folder, maps/<method>/, a model
 * folder, a report) is filled in a temporary sibling folder and renamed into place when complete; when the
 * folder already exists with other files in it (a subject folder gaining maps/), each new file is moved in by
 * its own rename and the other files stay. Temporary names start with '.' and contain '.partial-', so no
 * reader takes them for an output, and a failure removes them.
 */
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** An output being written under a temporary `path`; `commit` moves it to its name, `discard` removes it. */
export interface PendingOutput {
  /** Where to write now (a file name or a folder). */
  readonly path: string;
  /** Moves the output to its real name. */
  commit(): void;
  /** Removes what is left under the temporary name (nothing after a commit); safe to call twice. */
  discard(): void;
}

/** A temporary name beside `target`, unique to this process and call. */
function temporaryName(target: string): string {
  return join(
    dirname(target),
    `.${basename(target)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
}

/** A file that takes its name `target` only on commit (its folder must exist). */
export function pendingFile(target: string): PendingOutput {
  const path = temporaryName(target);
  return {
    path,
    commit: () => renameSync(path, target),
    discard: () => rmSync(path, { force: true }),
  };
}

/** Writes `data` to `target` through a temporary name (`mode` as for writeFileSync); creates its folder. */
export function writeFileAtomic(target: string, data: string | Uint8Array, mode?: number): void {
  const parent = makeParent(target);
  const file = pendingFile(target);
  try {
    writeFileSync(file.path, data, mode === undefined ? undefined : { mode });
    file.commit();
  } finally {
    file.discard();
    parent.removeIfEmpty();
  }
}

/** The same, without blocking the event loop while the bytes are written. */
export async function writeFileAtomicAsync(target: string, data: string | Uint8Array): Promise<void> {
  const parent = makeParent(target);
  const file = pendingFile(target);
  try {
    await writeFile(file.path, data);
    file.commit();
  } finally {
    file.discard();
    parent.removeIfEmpty();
  }
}

/**
 * A folder that takes its name `target` only on commit. Write into `path`; commit renames it to `target` (or,
 * when `target` already holds files, moves each file in, replacing files of the same name).
 */
export function pendingFolder(target: string): PendingOutput {
  const parent = makeParent(target);
  const path = temporaryName(target);
  mkdirSync(path);
  return {
    path,
    commit: () => moveInto(path, target),
    discard: () => {
      rmSync(path, { recursive: true, force: true });
      parent.removeIfEmpty();
    },
  };
}

/** Runs `fill` on a pending folder for `target`, committing when it succeeds and discarding otherwise. */
export async function writeFolderAtomic<T>(
  target: string,
  fill: (path: string) => T | Promise<T>,
): Promise<T> {
  const folder = pendingFolder(target);
  try {
    const result = await fill(folder.path);
    folder.commit();
    return result;
  } finally {
    folder.discard();
  }
}

/**
 * Creates the folders above `target` that are missing; `removeIfEmpty` removes those it created again when
 * nothing was put in them (a failed output leaves no empty folders either).
 */
function makeParent(target: string): { removeIfEmpty(): void } {
  const parent = dirname(target);
  const first = mkdirSync(parent, { recursive: true });
  return {
    removeIfEmpty: () => {
      if (first === undefined) return;
      const top = resolve(first);
      for (let dir = resolve(parent); dir.startsWith(top); dir = dirname(dir)) {
        try {
          rmdirSync(dir);
        } catch {
          return; // not empty (the output is there) or gone
        }
      }
    },
  };
}

/** Renames `from` to `to`, or merges it into an existing non-empty folder `to` file by file. */
function moveInto(from: string, to: string): void {
  if (!existsSync(to) || (lstatSync(to).isDirectory() && readdirSync(to).length === 0)) {
    // rename(2) replaces an empty folder, so the whole output appears at once.
    renameSync(from, to);
    return;
  }
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    const dest = join(to, name);
    if (lstatSync(source).isDirectory() && existsSync(dest) && lstatSync(dest).isDirectory())
      moveInto(source, dest);
    else {
      if (lstatSync(source).isDirectory() && existsSync(dest)) rmSync(dest, { force: true });
      renameSync(source, dest);
    }
  }
  rmSync(from, { recursive: true, force: true });
}
