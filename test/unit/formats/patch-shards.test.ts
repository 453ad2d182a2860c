import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { openPatchShards, PatchShardWriter, writePatchShards } from '../../../formats/patch-shards';
import { PatchCursor } from '../../../perfusion/qtmnet/patch-cursor';
import { arbitraryPatchSource } from '../perfusion/qtmnet/arbitrary-patch-source';

const shape = { frames: 6, side: 3 };

async function writeDataset() {
  const dir = await mkdtemp(path.join(tmpdir(), 'qtm-shards-'));
  const memory = arbitraryPatchSource(shape, 3, 4, 3);
  async function* shards() {
    for (let i = 0; i < memory.shards.length; i++) yield await memory.readShard(i);
  }
  const hash = await writePatchShards(dir, shape, 4.5, shards());
  return { dir, memory, hash };
}

describe('patch shards', () => {
  it('round-trips samples, counts and the dataset hash', async () => {
    const { dir, memory, hash } = await writeDataset();
    const source = await openPatchShards(dir);
    expect(source.datasetHash).toBe(hash);
    expect(source.shape).toEqual(shape);
    expect(source.frameIntervalS).toBe(4.5);
    expect(source.shards.map((s) => s.subjectCounts)).toEqual(memory.shards.map((s) => s.subjectCounts));
    for (let i = 0; i < 3; i++) {
      const [a, b] = [await source.readShard(i), await memory.readShard(i)];
      expect(a.map((p) => [p.subject, Array.from(p.concentration), Array.from(p.labels)])).toEqual(
        b.map((p) => [p.subject, Array.from(p.concentration), Array.from(p.labels)]),
      );
    }
  });

  it('records the input scale a dataset was made with and refuses an unknown one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'qtm-shards-'));
    const memory = arbitraryPatchSource(shape, 2, 4, 1);
    const writer = new PatchShardWriter(dir, shape, 5, 'venous-output-area');
    await writer.addShard(await memory.readShard(0));
    await writer.finish();
    expect((await openPatchShards(dir)).inputScale).toBe('venous-output-area');
    expect((await openPatchShards((await writeDataset()).dir)).inputScale).toBeUndefined();
    const manifest = path.join(dir, 'manifest.json');
    const json = JSON.parse(await readFile(manifest, 'utf8'));
    await writeFile(manifest, JSON.stringify({ ...json, inputScale: 'dose' }));
    await expect(openPatchShards(dir)).rejects.toMatchObject({
      code: 'CORRUPT_MANIFEST',
      message: expect.stringContaining('inputScale "dose"'),
    });
  });

  it('streams a seeded pass identically from disk and from memory, and reopens at a position', async () => {
    const { dir, memory } = await writeDataset();
    const disk = await openPatchShards(dir);
    const subjects = new Set(['sub-0', 'sub-2']);
    const order = { seed: 3, epoch: 1 };
    const all = await (await PatchCursor.open(disk, subjects, order)).take(100);
    expect(all).toHaveLength(8);
    expect(all.map((p) => p.subject).every((s) => subjects.has(s))).toBe(true);
    const fromMemory = await (await PatchCursor.open(memory, subjects, order)).take(100);
    expect(all.map((p) => p.concentration[0])).toEqual(fromMemory.map((p) => p.concentration[0]));
    const tail = await (await PatchCursor.open(disk, subjects, order, 5)).take(100);
    expect(tail.map((p) => p.concentration[0])).toEqual(all.slice(5).map((p) => p.concentration[0]));
    const otherEpoch = await (await PatchCursor.open(disk, subjects, { seed: 3, epoch: 2 })).take(100);
    expect(otherEpoch.map((p) => p.concentration[0])).not.toEqual(all.map((p) => p.concentration[0]));
  });

  it('refuses an altered shard and a missing manifest', async () => {
    const { dir } = await writeDataset();
    const file = path.join(dir, 'shard-00001.bin');
    const bytes = await readFile(file);
    bytes[bytes.length - 1] ^= 1;
    await writeFile(file, bytes);
    const source = await openPatchShards(dir);
    await expect(source.readShard(1)).rejects.toMatchObject({ code: 'CORRUPT_SHARD' });
    await expect(openPatchShards(path.join(dir, 'nope'))).rejects.toMatchObject({ code: 'MISSING_MANIFEST' });
  });
});
