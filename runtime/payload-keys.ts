/**
 * QTM_PAYLOAD_KEYS: the AES-256 keys that encrypt Temporal payloads (workflow inputs and results, activity
 * arguments, results and heartbeats), so patient data never rests in Temporal's database in the clear.
 * Format: `id:base64[,id:base64...]`, each key 32 random bytes. The first key encrypts; every listed key
 * decrypts, which is what lets keys rotate without stopping running experiments (docs/security.md).
 */
import { CodedError } from '../perfusion/errors';

export interface PayloadKey {
  /** Recorded beside each encrypted payload, so a reader knows which key opens it. */
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

export class PayloadKeysError extends CodedError {
  override readonly name = 'PayloadKeysError';
}

const bad = (detail: string) =>
  new PayloadKeysError(
    'INVALID_PAYLOAD_KEYS',
    `QTM_PAYLOAD_KEYS: ${detail}; expected id:base64[,id:base64...] with 32-byte keys (make one with \`openssl rand -base64 32\`)`,
  );

/** The keys, first one the encrypting key; none when the variable is unset or empty. */
export function parsePayloadKeys(raw: string | undefined): PayloadKey[] {
  if (!raw?.trim()) return [];
  const keys = raw.split(',').map((entry, i) => {
    const colon = entry.indexOf(':');
    const id = entry.slice(0, Math.max(colon, 0)).trim();
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(id))
      throw bad(`entry ${i + 1} has no valid key id (letters, digits, . _ -) before its colon`);
    const encoded = entry.slice(colon + 1).trim();
    const key = Buffer.from(encoded, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || key.length !== 32)
      throw bad(`key ${id} is not 32 bytes of base64 (it decodes to ${key.length})`);
    return { id, key };
  });
  const ids = keys.map((k) => k.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated) throw bad(`key id ${repeated} is listed twice`);
  return keys;
}
