/**
 * A self-checking binary bundle of named float32 arrays plus a JSON header: the byte form of checkpoints and
 * of model weights. Layout: 8-byte magic | sha256 of everything after it (32 bytes) | header length (u32 LE)
 * | header JSON (UTF-8, padded with spaces to a multiple of 4) | float32 LE arrays in header order.
 * The hash catches truncation and bit rot before any value is trusted.
 */
import { createHash } from 'node:crypto';
import { PerfusionInputError } from '../errors';
import { sha256Hex } from '../sha256';

export interface BundleTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

interface BundleHeader<M> {
  meta: M;
  tensors: Array<{ name: string; shape: number[] }>;
}

const MAGIC_LENGTH = 8;
const HASH_LENGTH = 32;

export function encodeBundle<M>(magic: string, meta: M, tensors: readonly BundleTensor[]): Uint8Array {
  const header: BundleHeader<M> = { meta, tensors: tensors.map((t) => ({ name: t.name, shape: t.shape })) };
  let json = JSON.stringify(header);
  while ((4 + Buffer.byteLength(json)) % 4 !== 0) json += ' ';
  const headerBytes = new TextEncoder().encode(json);
  const dataBytes = tensors.reduce((a, t) => a + 4 * t.values.length, 0);
  const body = new Uint8Array(4 + headerBytes.length + dataBytes);
  const view = new DataView(body.buffer);
  view.setUint32(0, headerBytes.length, true);
  body.set(headerBytes, 4);
  let offset = 4 + headerBytes.length;
  for (const t of tensors) {
    for (let i = 0; i < t.values.length; i++, offset += 4) view.setFloat32(offset, t.values[i], true);
  }
  const out = new Uint8Array(MAGIC_LENGTH + HASH_LENGTH + body.length);
  out.set(new TextEncoder().encode(magic.padEnd(MAGIC_LENGTH).slice(0, MAGIC_LENGTH)), 0);
  out.set(createHash('sha256').update(body).digest(), MAGIC_LENGTH);
  out.set(body, MAGIC_LENGTH + HASH_LENGTH);
  return out;
}

/** Decodes and verifies a bundle; `code` is the error code for a corrupt or foreign byte string. */
export function decodeBundle<M>(
  magic: string,
  bytes: Uint8Array,
  code: string,
  what: string,
): { meta: M; tensors: BundleTensor[] } {
  const fail = (why: string): never => {
    throw new PerfusionInputError(
      code,
      `${what} is corrupt or not a ${magic.trim()} file: ${why}; delete it and use an earlier one or retrain`,
    );
  };
  if (bytes.length < MAGIC_LENGTH + HASH_LENGTH + 4) fail(`only ${bytes.length} bytes`);
  if (
    new TextDecoder().decode(bytes.subarray(0, MAGIC_LENGTH)) !==
    magic.padEnd(MAGIC_LENGTH).slice(0, MAGIC_LENGTH)
  )
    fail('wrong magic');
  const body = bytes.subarray(MAGIC_LENGTH + HASH_LENGTH);
  const stored = Buffer.from(bytes.subarray(MAGIC_LENGTH, MAGIC_LENGTH + HASH_LENGTH)).toString('hex');
  if (sha256Hex(body) !== stored) fail('sha256 of the content does not match the stored hash');
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const headerLength = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(body.subarray(4, 4 + headerLength))) as BundleHeader<M>;
  let offset = 4 + headerLength;
  const tensors = header.tensors.map(({ name, shape }) => {
    const n = shape.reduce((a, b) => a * b, 1);
    if (offset + 4 * n > body.length) fail(`tensor ${name} runs past the end`);
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++, offset += 4) values[i] = view.getFloat32(offset, true);
    return { name, shape, values };
  });
  return { meta: header.meta, tensors };
}
