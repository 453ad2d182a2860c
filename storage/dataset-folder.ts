/**
 * A folder on disk as a dataset and back: every file becomes a shard named by its relative path (sorted, so
 * the same folder always gives the same manifest and hash). Activities use it to move subject folders, map
 * folders, models and reports between workers through the object store.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { ContentAddressedStore, ObjectRef } from './content-addressed-store';
import { type DatasetManifest, getManifest, putDataset } from './dataset-manifest';
import { assertRelativePath } from './object-keys';

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join('/'));
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
