/**
 * A dataset is a manifest object listing its shards by hash, and is known by the manifest's own hash.
 * Shards are written first and the manifest last, so a manifest that exists always points at complete
 * shards; a crash in between leaves only orphan shards, never a half dataset.
 */
import { z } from 'zod';
import { canonicalJson } from './canonical-json';
import type { ContentAddressedStore, ObjectRef } from './content-addressed-store';
import { assertName, assertRelativePath, assertSha256 } from './object-keys';
import { StorageError } from './storage-error';

const shardSchema = z.object({ name: z.string(), sha256: z.string(), bytes: z.number().int().nonnegative() });
const manifestSchema = z.object({
  schema: z.literal('qtm.dataset/v1'),
  kind: z.string(),
  shards: z.array(shardSchema),
  meta: z.record(z.string(), z.unknown()),
});

export type Shard = z.infer<typeof shardSchema>;
export type DatasetManifest = z.infer<typeof manifestSchema>;

/** Uploads each shard (bytes), then the manifest; returns the manifest's reference. */
export async function putDataset(
  store: ContentAddressedStore,
  kind: string,
  shards: Array<{ name: string; data: Uint8Array }>,
  meta: Record<string, unknown> = {},
): Promise<{ manifest: DatasetManifest; ref: ObjectRef }> {
  assertName(kind, 'dataset kind');
  const names = new Set<string>();
  const listed: Shard[] = [];
  for (const shard of shards) {
    assertRelativePath(shard.name, 'shard name');
    if (names.has(shard.name))
      throw new StorageError('DUPLICATE_SHARD', `shard "${shard.name}" appears twice in dataset ${kind}`);
    names.add(shard.name);
    const ref = await store.putBytes(shard.data);
    listed.push({ name: shard.name, sha256: ref.sha256, bytes: ref.bytes });
  }
  const manifest: DatasetManifest = { schema: 'qtm.dataset/v1', kind, shards: listed, meta };
  const ref = await store.putBytes(Buffer.from(canonicalJson(manifest)));
  return { manifest, ref };
}

export async function getManifest(store: ContentAddressedStore, sha256: string): Promise<DatasetManifest> {
  const bytes = await store.getBytes(sha256);
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw new StorageError('INVALID_MANIFEST', `object ${sha256} is not a dataset manifest (not JSON)`, {
      cause,
    });
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success)
    throw new StorageError(
      'INVALID_MANIFEST',
      `object ${sha256} is not a dataset manifest: ${result.error.issues[0].message}`,
    );
  for (const shard of result.data.shards) {
    assertRelativePath(shard.name, `manifest ${sha256} shard name`);
    assertSha256(shard.sha256, `manifest ${sha256} shard ${shard.name}`);
  }
  return result.data;
}

export async function getShard(
  store: ContentAddressedStore,
  manifest: DatasetManifest,
  name: string,
): Promise<Buffer> {
  const shard = manifest.shards.find((s) => s.name === name);
  if (!shard) throw new StorageError('SHARD_NOT_FOUND', `dataset ${manifest.kind} has no shard "${name}"`);
  return store.getBytes(shard.sha256);
}
