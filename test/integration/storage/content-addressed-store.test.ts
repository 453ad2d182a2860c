import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Settings } from '../../../runtime/settings';
import type { ContentAddressedStore } from '../../../storage/content-addressed-store';
import { getFolder, putFolder } from '../../../storage/dataset-folder';
import { getManifest, getShard, putDataset } from '../../../storage/dataset-manifest';
import { objectKey } from '../../../storage/object-keys';
import { minioClient, openObjectStore } from '../../../storage/object-store-client';
import { createTestBucket, listKeys, removeTestBucket } from '../support/test-bucket';

let s3: Settings['s3'];
let store: ContentAddressedStore;

beforeAll(async () => {
  s3 = await createTestBucket();
  store = await openObjectStore(s3, 5 * 1024 * 1024);
});
afterAll(() => removeTestBucket(s3));

test('the same bytes stored twice make one object under their sha256', async () => {
  const data = randomBytes(1000);
  const a = await store.putBytes(data);
  const b = await store.putBytes(Buffer.from(data));
  expect(a).toEqual(b);
  expect(a.sha256).toBe(createHash('sha256').update(data).digest('hex'));
  expect(a.uri).toBe(`s3://${s3.bucket}/objects/sha256/${a.sha256.slice(0, 2)}/${a.sha256}`);
  expect(await listKeys(s3, `objects/sha256/${a.sha256.slice(0, 2)}/`)).toEqual([objectKey(a.sha256)]);
  expect(await store.getBytes(a.sha256)).toEqual(data);
  expect(await store.exists(a.sha256)).toBe(true);
});

test('a corrupted object is detected on read with a clear error', async () => {
  const ref = await store.putBytes(Buffer.from('original bytes'));
  await minioClient(s3).putObject(s3.bucket, objectKey(ref.sha256), Buffer.from('tampered bytes'));
  await expect(store.getBytes(ref.sha256)).rejects.toMatchObject({
    code: 'CORRUPT_OBJECT',
    message: expect.stringContaining(ref.sha256),
  });
});

test('a missing object and a malformed hash are refused with their own codes', async () => {
  await expect(store.getBytes('0'.repeat(64))).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND' });
  await expect(store.getBytes('../../etc/passwd')).rejects.toMatchObject({ code: 'INVALID_HASH' });
});

test('a large stream goes up by multipart and comes back intact', async () => {
  const data = randomBytes(12 * 1024 * 1024 + 17);
  const ref = await store.putStream(Readable.from([data.subarray(0, 7e6), data.subarray(7e6)]));
  expect(ref.bytes).toBe(data.length);
  const stat = await minioClient(s3).statObject(s3.bucket, objectKey(ref.sha256));
  expect(stat.etag).toMatch(/-\d+$/); // S3 marks multipart uploads with "-<part count>" in the ETag
  expect((await store.getBytes(ref.sha256)).equals(data)).toBe(true);
});

test('a dataset manifest lists its shards by hash and is known by its own hash', async () => {
  const shards = [
    { name: 'shard-000.bin', data: Buffer.from('first shard') },
    { name: 'shard-001.bin', data: Buffer.from('second shard') },
  ];
  const first = await putDataset(store, 'parker-aif', shards, { seed: 1 });
  const again = await putDataset(store, 'parker-aif', shards, { seed: 1 });
  expect(again.ref.sha256).toBe(first.ref.sha256);
  const manifest = await getManifest(store, first.ref.sha256);
  expect(manifest.shards.map((s) => s.name)).toEqual(['shard-000.bin', 'shard-001.bin']);
  expect((await getShard(store, manifest, 'shard-001.bin')).toString()).toBe('second shard');
  await expect(putDataset(store, 'x', [{ name: '../escape', data: Buffer.from('') }])).rejects.toMatchObject({
    code: 'INVALID_NAME',
  });
});

test('wrong credentials and an unreachable endpoint each name the setting to fix', async () => {
  await expect(openObjectStore({ ...s3, secretKey: 'wrong-secret' })).rejects.toMatchObject({
    code: 'S3_CREDENTIALS',
    message: expect.stringContaining('S3_SECRET_KEY'),
  });
  await expect(openObjectStore({ ...s3, endpoint: new URL('http://127.0.0.1:1') })).rejects.toMatchObject({
    code: 'S3_UNREACHABLE',
    message: expect.stringContaining('S3_ENDPOINT'),
  });
});

test('a folder goes up as a dataset named by relative paths and comes back byte for byte', async () => {
  const src = mkdtempSync(join(tmpdir(), 'qtm-folder-'));
  mkdirSync(join(src, 'truth'));
  writeFileSync(join(src, 'aif.csv'), 't_s,cp_mM\n0,0\n');
  writeFileSync(join(src, 'truth', 'vp.nii.gz'), randomBytes(3000));
  const { manifest, ref } = await putFolder(store, 'subject', src, { grade: 'lgg' });
  expect(manifest.shards.map((s) => s.name)).toEqual(['aif.csv', 'truth/vp.nii.gz']);
  expect((await putFolder(store, 'subject', src, { grade: 'lgg' })).ref.sha256).toBe(ref.sha256);
  const dst = mkdtempSync(join(tmpdir(), 'qtm-folder-'));
  await getFolder(store, ref.sha256, dst);
  expect(readFileSync(join(dst, 'truth', 'vp.nii.gz'))).toEqual(
    readFileSync(join(src, 'truth', 'vp.nii.gz')),
  );
  await expect(putDataset(store, 'x', [{ name: 'a/../b', data: Buffer.from('') }])).rejects.toMatchObject({
    code: 'INVALID_NAME',
  });
});
