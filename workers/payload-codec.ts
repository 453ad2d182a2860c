/**
 * The optional Temporal payload codec: AES-256-GCM over each whole payload (its metadata included), so
 * what Temporal stores and shows says only "binary/encrypted" and the id of the key. On when
 * QTM_PAYLOAD_KEYS holds keys (runtime/payload-keys.ts); the client (the CLI) and the workers use the
 * same codec, so each reads what the other wrote. Payloads that are not encrypted (written before the
 * keys were set) decode as they are.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  type DataConverter,
  METADATA_ENCODING_KEY,
  type Payload,
  type PayloadCodec,
} from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { CodedError } from '../perfusion/errors';
import type { PayloadKey } from '../runtime/payload-keys';

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class PayloadDecryptionError extends CodedError {
  override readonly name = 'PayloadDecryptionError';
}

const ProtoPayload = temporal.api.common.v1.Payload;
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

export class AesGcmPayloadCodec implements PayloadCodec {
  /** `keys[0]` encrypts; any of them decrypts. */
  constructor(private readonly keys: PayloadKey[]) {
    if (keys.length === 0) throw new Error('AesGcmPayloadCodec needs at least one key');
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys[0];
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(CIPHER, key, iv);
      cipher.setAAD(Buffer.from(id)); // the recorded key id cannot be swapped without failing the tag
      const sealed = Buffer.concat([cipher.update(ProtoPayload.encode(payload).finish()), cipher.final()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCODING), [KEY_ID]: Buffer.from(id) },
        data: Buffer.concat([iv, sealed, cipher.getAuthTag()]),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCODING) return payload;
      const id = text(payload.metadata?.[KEY_ID]);
      const found = this.keys.find((k) => k.id === id);
      if (!found)
        throw new PayloadDecryptionError(
          'PAYLOAD_KEY_MISSING',
          `a Temporal payload is encrypted with key id "${id}", which QTM_PAYLOAD_KEYS does not list; add that key back (docs/security.md, key rotation)`,
        );
      const data = Buffer.from(payload.data ?? []);
      try {
        const decipher = createDecipheriv(CIPHER, found.key, data.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(id));
        decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
        const plain = Buffer.concat([
          decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
          decipher.final(),
        ]);
        return ProtoPayload.decode(plain) as Payload;
      } catch (cause) {
        throw new PayloadDecryptionError(
          'PAYLOAD_TAMPERED',
          `a Temporal payload encrypted with key id "${id}" does not decrypt: the key under that id in QTM_PAYLOAD_KEYS is not the one it was encrypted with, or the payload was altered`,
          { cause },
        );
      }
    });
  }
}

/** The data converter of every Temporal client and worker: the codec when keys are set, else the default. */
export function dataConverterFor(keys: PayloadKey[]): DataConverter | undefined {
  return keys.length ? { payloadCodecs: [new AesGcmPayloadCodec(keys)] } : undefined;
}
