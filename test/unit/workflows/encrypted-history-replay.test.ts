/**
 * Workers with QTM_PAYLOAD_KEYS set replay workflows whose payloads were encrypted by the payload codec:
 * a recorded history, its payloads encrypted as a client and workers with the codec would have written
 * them, replays with the codec and fails without it (so the codec is what opens them).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { AesGcmPayloadCodec, dataConverterFor } from '../../../workers/payload-codec';

const file = join(__dirname, '../../fixtures/histories/experiment-workflow-0.1.0-aif.json');
const keys = [{ id: 'test-key', key: randomBytes(32) }];
const codec = new AesGcmPayloadCodec(keys);

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonPayload = { metadata: Record<string, string>; data?: string };

const isPayload = (v: Json): v is JsonPayload =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  typeof (v.metadata as JsonPayload['metadata'])?.encoding === 'string';

async function encryptPayload(p: JsonPayload): Promise<JsonPayload> {
  const payload: Payload = {
    metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data ?? '', 'base64'),
  };
  const [sealed] = await codec.encode([payload]);
  return {
    metadata: Object.fromEntries(
      Object.entries(sealed.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(sealed.data ?? []).toString('base64'),
  };
}

/** Every payload the codec sees; search attributes are indexed by the server and never encoded. */
async function encryptAll(value: Json): Promise<Json> {
  if (Array.isArray(value)) return Promise.all(value.map(encryptAll));
  if (typeof value !== 'object' || value === null) return value;
  if (isPayload(value)) return encryptPayload(value);
  const entries = await Promise.all(
    Object.entries(value).map(async ([k, v]) => [k, k === 'searchAttributes' ? v : await encryptAll(v)]),
  );
  return Object.fromEntries(entries);
}

async function encryptedHistory() {
  const json = (await encryptAll(JSON.parse(readFileSync(file, 'utf8')).history)) as { [key: string]: Json };
  expect(JSON.stringify(json)).not.toContain('anNvbi9wbGFpbg=='); // base64 of json/plain: nothing left in the clear
  return temporal.api.history.v1.History.fromObject(json);
}

const workflowsPath = require.resolve('../../../workflows');

test('an encrypted history replays on workers with the codec', async () => {
  await expect(
    Worker.runReplayHistory(
      { workflowsPath, dataConverter: dataConverterFor(keys) },
      await encryptedHistory(),
    ),
  ).resolves.toBeUndefined();
}, 120_000);

test('the same history does not replay on workers without it', async () => {
  await expect(Worker.runReplayHistory({ workflowsPath }, await encryptedHistory())).rejects.toThrow(
    /binary\/encrypted/,
  );
}, 120_000);
