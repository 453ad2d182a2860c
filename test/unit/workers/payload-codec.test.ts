/** The optional AES-256-GCM payload codec and its keys (QTM_PAYLOAD_KEYS). */
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { parsePayloadKeys } from '../../../runtime/payload-keys';
import { AesGcmPayloadCodec } from '../../../workers/payload-codec';

const key = (id: string) => ({ id, key: randomBytes(32) });
const subject = { subject: 'patient-0042', birthDate: '1961-03-07', voxels: [1.5, 2.25] };
const plain = (): Payload => defaultPayloadConverter.toPayload(subject) as Payload;
const asText = (p: Payload) =>
  Buffer.concat([...Object.values(p.metadata ?? {}), p.data ?? new Uint8Array()]);

test('a payload round-trips, and its encrypted form shows neither its data nor its encoding', async () => {
  const codec = new AesGcmPayloadCodec([key('k1')]);
  const [sealed] = await codec.encode([plain()]);
  expect(asText(sealed).includes(Buffer.from('patient-0042'))).toBe(false);
  expect(asText(sealed).includes(Buffer.from('json/plain'))).toBe(false);
  expect(Buffer.from(sealed.metadata?.['encryption-key-id'] ?? []).toString()).toBe('k1');
  const [opened] = await codec.decode([sealed]);
  expect(defaultPayloadConverter.fromPayload(opened)).toEqual(subject);
});

test('two encryptions of one payload differ (a fresh IV each time)', async () => {
  const codec = new AesGcmPayloadCodec([key('k1')]);
  const [a, b] = await codec.encode([plain(), plain()]);
  expect(Buffer.from(a.data ?? []).equals(Buffer.from(b.data ?? []))).toBe(false);
});

test('rotation: the first key encrypts, an older key still decrypts what it encrypted', async () => {
  const k1 = key('k1');
  const k2 = key('k2');
  const [old] = await new AesGcmPayloadCodec([k1]).encode([plain()]);
  const rotated = new AesGcmPayloadCodec([k2, k1]);
  const [fresh] = await rotated.encode([plain()]);
  expect(Buffer.from(fresh.metadata?.['encryption-key-id'] ?? []).toString()).toBe('k2');
  const opened = await rotated.decode([old, fresh]);
  expect(opened.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([subject, subject]);
});

test('a payload written before encryption was switched on decodes as it is', async () => {
  const [opened] = await new AesGcmPayloadCodec([key('k1')]).decode([plain()]);
  expect(defaultPayloadConverter.fromPayload(opened)).toEqual(subject);
});

test('a payload whose key was dropped names the missing key id', async () => {
  const [sealed] = await new AesGcmPayloadCodec([key('k1')]).encode([plain()]);
  await expect(new AesGcmPayloadCodec([key('k2')]).decode([sealed])).rejects.toMatchObject({
    code: 'PAYLOAD_KEY_MISSING',
    message: expect.stringMatching(/key id "k1".*QTM_PAYLOAD_KEYS/),
  });
});

test('a wrong key under the right id, an altered payload or a swapped key id are refused', async () => {
  const k1 = key('k1');
  const codec = new AesGcmPayloadCodec([k1, key('k0')]);
  const [sealed] = await codec.encode([plain()]);
  const wrongKey = new AesGcmPayloadCodec([key('k1')]);
  await expect(wrongKey.decode([sealed])).rejects.toMatchObject({ code: 'PAYLOAD_TAMPERED' });
  const altered = Buffer.from(sealed.data ?? []);
  altered[20] ^= 1;
  await expect(codec.decode([{ ...sealed, data: altered }])).rejects.toMatchObject({
    code: 'PAYLOAD_TAMPERED',
  });
  const swapped = { ...sealed, metadata: { ...sealed.metadata, 'encryption-key-id': Buffer.from('k0') } };
  await expect(codec.decode([swapped])).rejects.toMatchObject({ code: 'PAYLOAD_TAMPERED' });
});

describe('QTM_PAYLOAD_KEYS', () => {
  const b64 = (n: number) => randomBytes(n).toString('base64');

  test('unset or empty: no keys, payloads unencrypted', () => {
    expect(parsePayloadKeys(undefined)).toEqual([]);
    expect(parsePayloadKeys('  ')).toEqual([]);
  });

  test('ids and keys in order, the first one encrypting', () => {
    const [a, b] = [b64(32), b64(32)];
    const keys = parsePayloadKeys(`2026-06:${a}, 2025-12:${b}`);
    expect(keys.map((k) => k.id)).toEqual(['2026-06', '2025-12']);
    expect(keys[0].key.equals(Buffer.from(a, 'base64'))).toBe(true);
  });

  test.each([
    ['a 16-byte key', `k1:${b64(16)}`, /key k1 is not 32 bytes of base64 \(it decodes to 16\)/],
    ['a key without an id', `${b64(32)}`, /entry 1 has no valid key id/],
    ['an id listed twice', `k1:${b64(32)},k1:${b64(32)}`, /key id k1 is listed twice/],
    ['a key that is not base64', 'k1:not base64!', /key k1 is not 32 bytes of base64/],
  ])('%s is refused with a message naming the variable', (_case, raw, message) => {
    expect(() => parsePayloadKeys(raw)).toThrow(message);
    expect(() => parsePayloadKeys(raw)).toThrow(/^QTM_PAYLOAD_KEYS: /);
  });
});
