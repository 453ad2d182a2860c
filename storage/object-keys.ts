/**
 * Object keys are derived only from validated hashes and names, never from raw user strings, so no input
 * can address or overwrite another object (docs/architecture.md: objects/sha256/ab/abcd...).
 */
import { isSafeName, SAFE_NAME_RULE } from '../contracts/safe-names';
import { StorageError } from './storage-error';

const SHA256 = /^[0-9a-f]{64}$/;

export function assertSha256(hash: string, where = 'hash'): string {
  if (!SHA256.test(hash))
    throw new StorageError(
      'INVALID_HASH',
      `${where}: "${hash.slice(0, 80)}" is not a lowercase hex sha256 (64 characters)`,
    );
  return hash;
}

export function assertName(name: string, where = 'name'): string {
  if (!isSafeName(name)) {
    throw new StorageError(
      'INVALID_NAME',
      `${where}: "${name.slice(0, 80)}" is not a valid name (${SAFE_NAME_RULE})`,
    );
  }
  return name;
}

/** A relative path inside a dataset (shard names of folder datasets): validated names joined by "/". */
export function assertRelativePath(path: string, where = 'path'): string {
  const parts = path.split('/');
  if (parts.length > 8)
    throw new StorageError(
      'INVALID_NAME',
      `${where}: "${path.slice(0, 80)}" is nested more than 8 folders deep`,
    );
  for (const part of parts) assertName(part, where);
  return path;
}

export function objectKey(sha256: string): string {
  assertSha256(sha256);
  return `objects/sha256/${sha256.slice(0, 2)}/${sha256}`;
}
