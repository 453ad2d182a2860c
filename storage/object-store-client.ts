/** Builds the store from settings and turns connection and credential failures into one actionable line. */
import { Client } from 'minio';
import type { Settings } from '../runtime/settings';
import { ContentAddressedStore } from './content-addressed-store';
import { StorageError } from './storage-error';

export function minioClient(s3: Settings['s3'], partSize = 64 * 1024 * 1024): Client {
  return new Client({
    endPoint: s3.endpoint.hostname,
    port: Number(s3.endpoint.port || (s3.endpoint.protocol === 'https:' ? 443 : 80)),
    useSSL: s3.endpoint.protocol === 'https:',
    accessKey: s3.accessKey,
    secretKey: s3.secretKey,
    region: s3.region,
    pathStyle: true,
    partSize,
  });
}

/** Connects and checks the bucket, so a bad endpoint, key or bucket fails here with the setting to fix. */
export async function openObjectStore(s3: Settings['s3'], partSize?: number): Promise<ContentAddressedStore> {
  const client = minioClient(s3, partSize);
  let exists: boolean;
  try {
    exists = await client.bucketExists(s3.bucket);
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied'].includes(code)) {
      throw new StorageError(
        'S3_CREDENTIALS',
        `S3 at ${s3.endpoint.origin} refused the credentials (${code}); check S3_ACCESS_KEY and S3_SECRET_KEY`,
        { cause: err },
      );
    }
    throw new StorageError(
      'S3_UNREACHABLE',
      `S3 at ${s3.endpoint.origin} is unreachable (${code || (err as Error).message}); check S3_ENDPOINT or run \`qtm stack up\``,
      { cause: err },
    );
  }
  if (!exists)
    throw new StorageError(
      'S3_NO_BUCKET',
      `bucket "${s3.bucket}" does not exist at ${s3.endpoint.origin}; check S3_BUCKET or run \`qtm stack up\``,
    );
  return new ContentAddressedStore(client, s3.bucket);
}
