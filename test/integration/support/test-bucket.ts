/** A fresh bucket per test file on the stack's real S3 server, emptied and removed afterwards. */
import { randomBytes } from 'node:crypto';
import { loadSettings, type Settings } from '../../../runtime/settings';
import { minioClient } from '../../../storage/object-store-client';

/** On the server of `server` (default: the stack's S3 settings). */
export async function createTestBucket(server: Settings['s3'] = loadSettings().s3): Promise<Settings['s3']> {
  const s3 = { ...server, bucket: `qtm-test-${randomBytes(4).toString('hex')}` };
  await minioClient(s3).makeBucket(s3.bucket, s3.region);
  return s3;
}

export async function removeTestBucket(s3: Settings['s3']): Promise<void> {
  const client = minioClient(s3);
  const keys: string[] = [];
  for await (const item of client.listObjectsV2(s3.bucket, '', true)) if (item.name) keys.push(item.name);
  if (keys.length) await client.removeObjects(s3.bucket, keys);
  await client.removeBucket(s3.bucket);
}

export async function listKeys(s3: Settings['s3'], prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of minioClient(s3).listObjectsV2(s3.bucket, prefix, true))
    if (item.name) keys.push(item.name);
  return keys;
}
