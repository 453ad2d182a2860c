/** The content hash of the whole project: lowercase hex sha256 of bytes or a UTF-8 string. */
import { createHash } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
