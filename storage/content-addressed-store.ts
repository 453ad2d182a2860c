/**
 * A content-addressed object store on the `minio` client. Every object lives under the sha256 of its bytes;
 * writing the same content twice is a no-op, so activities that store outputs are idempotent. Reads verify
 * the hash, so a corrupted object is detected instead of silently used. Large inputs stream through a temp
 * file (hashed on the way) and are uploaded with multipart.
 */
import { createHash, type Hash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'minio';
import { sha256Hex } from '../perfusion/sha256';
import { assertSha256, objectKey } from './object-keys';
import { StorageError } from './storage-error';

/** The claim check that crosses Temporal instead of data: where, which bytes, how many. */
export interface ObjectRef {
  uri: string;
  sha256: string;
  bytes: number;
}

export class ContentAddressedStore {
  constructor(
    private readonly client: Client,
    readonly bucket: string,
  ) {}

  ref(sha256: string, bytes: number): ObjectRef {
    return { uri: `s3://${this.bucket}/${objectKey(sha256)}`, sha256, bytes };
  }

  async exists(sha256: string): Promise<boolean> {
    try {
      await this.client.statObject(this.bucket, objectKey(sha256));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async putBytes(data: Uint8Array): Promise<ObjectRef> {
    const sha256 = sha256Hex(data);
    if (!(await this.exists(sha256))) {
      await this.client.putObject(
        this.bucket,
        objectKey(sha256),
        Buffer.from(data.buffer, data.byteOffset, data.byteLength),
        data.byteLength,
      );
    }
    return this.ref(sha256, data.byteLength);
  }

  /** Streams to a temp file while hashing (the key is known only at the end), then uploads it. */
  async putStream(stream: Readable): Promise<ObjectRef> {
    const dir = join(tmpdir(), 'qtm-upload');
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, randomUUID());
    const hash = createHash('sha256');
    try {
      await pipeline(stream, hashing(hash), createWriteStream(tmp));
      const sha256 = hash.digest('hex');
      const { size } = await stat(tmp);
      if (!(await this.exists(sha256))) await this.client.fPutObject(this.bucket, objectKey(sha256), tmp);
      return this.ref(sha256, size);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async putFile(path: string): Promise<ObjectRef> {
    return this.putStream(createReadStream(path));
  }

  /**
   * Deletes an object; one already gone is no error, so a repeated removal is a no-op. Only for objects
   * that no row or dataset can name any more (superseded training checkpoints): the store is shared by
   * hash, and bytes still listed anywhere must stay.
   */
  async remove(sha256: string): Promise<void> {
    assertSha256(sha256);
    await this.client.removeObject(this.bucket, objectKey(sha256));
  }

  /** The object's bytes, verified against its hash. */
  async getBytes(sha256: string): Promise<Buffer> {
    assertSha256(sha256);
    const stream = await this.openRaw(sha256);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const data = Buffer.concat(chunks);
    verify(sha256, sha256Hex(data), `s3://${this.bucket}/${objectKey(sha256)}`);
    return data;
  }

  /** Downloads to `path`, verifying the hash; a corrupt download is deleted, never left behind. */
  async getToFile(sha256: string, path: string): Promise<void> {
    const hash = createHash('sha256');
    const stream = await this.openRaw(sha256);
    try {
      await pipeline(stream, hashing(hash), createWriteStream(path));
      verify(sha256, hash.digest('hex'), `s3://${this.bucket}/${objectKey(sha256)}`);
    } catch (err) {
      await rm(path, { force: true });
      throw err;
    }
  }

  private async openRaw(sha256: string): Promise<Readable> {
    try {
      return await this.client.getObject(this.bucket, objectKey(sha256));
    } catch (err) {
      if (isNotFound(err))
        throw new StorageError('OBJECT_NOT_FOUND', `object ${sha256} is not in bucket ${this.bucket}`, {
          cause: err,
        });
      throw err;
    }
  }
}

/** A pipeline stage that feeds every chunk to `hash` on its way through. */
function hashing(hash: Hash) {
  return async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      hash.update(chunk);
      yield chunk;
    }
  };
}

function verify(expected: string, actual: string, where: string): void {
  if (expected !== actual) {
    throw new StorageError(
      'CORRUPT_OBJECT',
      `${where} is corrupt: its bytes hash to ${actual}, not ${expected}; re-create it from its producing run`,
    );
  }
}

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'NotFound' || code === 'NoSuchKey';
}
