/**
 * A folder on disk as a dataset and back: every file becomes a shard named by its relative path (sorted, so
 * the same folder always gives the same manifest and hash). Activities use it to move subject folders, map
 * folders, models and reports between workers through the object store.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { ContentAddressedStore, ObjectRef } from './content-addressed-store';
import { type DatasetManifest, getManifest, putDataset } from './dataset-manifest';
import { assertRelativePath } from './object-keys';
import { StorageError } from './storage-error';

/**
 * Regular files under `dir`, as sorted `/`-separated relative paths. A symbolic link (or a socket, a device)
 * is refused rather than followed: a dataset holds the folder's own files, and a link could carry a file from
 * anywhere on the worker into the object store.
 */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry);
      const stats = lstatSync(path);
      if (stats.isDirectory()) walk(path);
      else if (stats.isFile()) out.push(relative(dir, path).split(sep).join('/'));
      else
        throw new StorageError(
          'NOT_A_REGULAR_FILE',
          `${path}: ${stats.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}; a folder stored as a dataset may hold only regular files and folders, so copy the file in instead`,
        );
    }
  };
  walk(dir);
  return out;
}

/** Uploads every file under `dir` (optionally only those `include` accepts), then the manifest. */
export async function putFolder(
  store: ContentAddressedStore,
  kind: string,
  dir: string,
  meta: Record<string, unknown> = {},
  include: (path: string) => boolean = () => true,
): Promise<{ manifest: DatasetManifest; ref: ObjectRef }> {
  const shards = listFiles(dir)
    .filter(include)
    .map((name) => ({ name, data: readFileSync(join(dir, name)) }));
  return putDataset(store, kind, shards, meta);
}

/** Downloads a folder dataset into `dir` (each shard verified against its hash); returns the manifest. */
export async function getFolder(
  store: ContentAddressedStore,
  sha256: string,
  dir: string,
): Promise<DatasetManifest> {
  const manifest = await getManifest(store, sha256);
  for (const shard of manifest.shards) {
    const path = join(dir, ...assertRelativePath(shard.name, 'shard name').split('/'));
    mkdirSync(dirname(path), { recursive: true });
    await store.getToFile(shard.sha256, path);
  }
  return manifest;
}
