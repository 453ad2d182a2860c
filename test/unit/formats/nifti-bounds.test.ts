import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { decodeNifti, encodeNifti, readNifti } from '../../../formats/nifti';

const dir = mkdtempSync(join(tmpdir(), 'nifti-bounds-'));
const image = (dims: number[]) =>
  encodeNifti({
    data: new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(1),
    dims,
    voxelSizeMm: [1, 1, 1],
    frameIntervalS: 0,
  });
/** `image` gzipped, followed by gzip members that inflate to `extraMiB` MiB of zeros (a few KiB on disk). */
const inflatingPast = (dims: number[], extraMiB: number) =>
  Buffer.concat([gzipSync(image(dims)), ...Array(extraMiB).fill(gzipSync(Buffer.alloc(1 << 20)))]);
const corrupt = (file: string, pattern: RegExp) =>
  expect.objectContaining({
    code: 'CORRUPT_NIFTI',
    message: expect.stringMatching(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: .*${pattern.source}`),
    ),
  });

describe('NIfTI reads are bounded by the size the header declares', () => {
  it('a gzip stream that inflates past the declared image is refused as soon as it passes it', () => {
    // 2x2x2 float32 declares 384 bytes; the stream goes on for 256 MiB more.
    const bytes = inflatingPast([2, 2, 2], 256);
    expect(bytes.length).toBeLessThan(1 << 20);
    expect(() => decodeNifti(bytes, 'bomb.nii.gz')).toThrow(
      corrupt('bomb.nii.gz', /inflates past the 384 bytes its header declares \(dims 2x2x2 of float32\)/),
    );
  });

  it('reading such a file from disk refuses it too, naming the file', () => {
    // 128x128x16 float32 declares 1 MiB: the compressed file is small enough to be read, then refused.
    const path = join(dir, 'long.nii.gz');
    writeFileSync(path, inflatingPast([128, 128, 16], 256));
    expect(() => readNifti(path)).toThrow(corrupt(path, /inflates past the 1048928 bytes/));
  });

  it('a compressed file larger than its declared image could need is refused before it is read', () => {
    const path = join(dir, 'padded.nii.gz');
    const noise = Buffer.from(
      Float64Array.from({ length: 32768 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453).buffer,
    );
    writeFileSync(path, Buffer.concat([gzipSync(image([2, 2, 2])), gzipSync(noise, { level: 0 })]));
    expect(() => readNifti(path)).toThrow(corrupt(path, /compressed bytes are more than the 384-byte image/));
  });

  it('an uncompressed file with bytes beyond the declared image is refused', () => {
    const path = join(dir, 'trailing.nii');
    writeFileSync(path, Buffer.concat([image([2, 2, 2]), Buffer.alloc(100)]));
    expect(() => readNifti(path)).toThrow(
      corrupt(path, /need 384 bytes but the file has 484; the header and the data disagree/),
    );
  });

  it('a header declaring more than memory can hold is refused without reading on', () => {
    const bytes = image([2, 2, 2]);
    for (const [i, d] of [32767, 32767, 32767, 32767].entries()) bytes.writeInt16LE(d, 42 + 2 * i);
    bytes.writeInt16LE(4, 40);
    expect(() => decodeNifti(bytes, 'huge.nii')).toThrow(
      corrupt(
        'huge.nii',
        /dims 32767x32767x32767x32767 of float32 declare \d+ bytes, more than one image can hold/,
      ),
    );
  });

  it('a well-formed .nii.gz of the declared size still reads', () => {
    const path = join(dir, 'good.nii.gz');
    writeFileSync(path, gzipSync(image([4, 3, 2])));
    expect(Array.from(readNifti(path).data)).toEqual(Array(24).fill(1));
  });
});
