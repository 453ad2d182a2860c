import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { decodeNifti, encodeNifti, readNifti, writeNifti } from '../../../formats/nifti';

const dir = mkdtempSync(join(tmpdir(), 'nifti-'));

function ramp(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => i * 0.25 - 3);
}

describe('NIfTI-1', () => {
  it('round-trips a 4D float32 image through .nii.gz with geometry and frame interval', () => {
    const affine = [
      [1, 0, 0, -31.5],
      [0, 1, 0, -31.5],
      [0, 0, 2, -15],
      [0, 0, 0, 1],
    ];
    const path = join(dir, 'a.nii.gz');
    writeNifti(path, {
      data: ramp(4 * 3 * 2 * 5),
      dims: [4, 3, 2, 5],
      voxelSizeMm: [1, 1, 2],
      frameIntervalS: 5,
      affine,
    });
    const back = readNifti(path);
    expect(back.dims).toEqual([4, 3, 2, 5]);
    expect(back.voxelSizeMm).toEqual([1, 1, 2]);
    expect(back.frameIntervalS).toBe(5);
    expect(back.affine).toEqual(affine);
    expect(back.data).toBeInstanceOf(Float32Array);
    expect(Array.from(back.data)).toEqual(Array.from(ramp(120)));
  });

  it('round-trips 3D uint8 and float64 through plain .nii', () => {
    const mask = Uint8Array.from([0, 1, 2, 3, 0, 1, 2, 3]);
    writeNifti(join(dir, 'm.nii'), {
      data: mask,
      dims: [2, 2, 2],
      voxelSizeMm: [1, 1, 2],
      frameIntervalS: 0,
    });
    const m = readNifti(join(dir, 'm.nii'));
    expect(m.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(m.data)).toEqual(Array.from(mask));
    expect(m.frameIntervalS).toBe(0);
    const f = Float64Array.from([Math.PI, -1e-300, 1e300, 0]);
    const d = decodeNifti(
      encodeNifti({ data: f, dims: [4, 1, 1], voxelSizeMm: [0.5, 0.5, 0.5], frameIntervalS: 0 }),
    );
    expect(Array.from(d.data)).toEqual(Array.from(f));
  });

  it('reads big-endian int16 with scl_slope and ms/micron units', () => {
    const buf = Buffer.alloc(352 + 4);
    const v = new DataView(buf.buffer);
    v.setInt32(0, 348, false);
    v.setInt16(40, 3, false);
    for (const [i, d] of [2, 1, 1].entries()) v.setInt16(42 + 2 * i, d, false);
    v.setInt16(70, 4, false);
    v.setInt16(72, 16, false);
    for (const [i, p] of [1, 1000, 1000, 2000].entries()) v.setFloat32(76 + 4 * i, p, false);
    v.setFloat32(108, 352, false);
    v.setFloat32(112, 0.5, false);
    v.setFloat32(116, 1, false);
    buf[123] = 3 | 16;
    buf.write('n+1\0', 344, 'latin1');
    v.setInt16(352, -4, false);
    v.setInt16(354, 10, false);
    const img = decodeNifti(buf);
    expect(img.voxelSizeMm).toEqual([1, 1, 2]);
    expect(Array.from(img.data)).toEqual([-1, 6]);
  });

  it('reads the integer types scanners write (int8, uint16, int32, uint32) as float32', () => {
    const cases: Array<[number, number, (v: DataView, o: number, x: number) => void, number[]]> = [
      [256, 1, (v, o, x) => v.setInt8(o, x), [-128, 127]],
      [512, 2, (v, o, x) => v.setUint16(o, x, true), [0, 65535]],
      [8, 4, (v, o, x) => v.setInt32(o, x, true), [-2_000_000, 16_777_216]],
      [768, 4, (v, o, x) => v.setUint32(o, x, true), [0, 4_000_000]],
    ];
    for (const [code, bytes, set, values] of cases) {
      const buf = Buffer.alloc(352 + 2 * bytes);
      const v = new DataView(buf.buffer);
      v.setInt32(0, 348, true);
      v.setInt16(40, 3, true);
      for (const [i, d] of [2, 1, 1].entries()) v.setInt16(42 + 2 * i, d, true);
      v.setInt16(70, code, true);
      v.setInt16(72, 8 * bytes, true);
      for (const [i, p] of [1, 1, 1, 1].entries()) v.setFloat32(76 + 4 * i, p, true);
      v.setFloat32(108, 352, true);
      buf.write('n+1\0', 344, 'latin1');
      for (const [i, x] of values.entries()) set(v, 352 + i * bytes, x);
      const img = decodeNifti(buf);
      expect(img.data).toBeInstanceOf(Float32Array);
      expect(Array.from(img.data)).toEqual(values);
    }
  });

  it('writes byte-identical .nii.gz for identical input', () => {
    const img = {
      data: ramp(24),
      dims: [2, 3, 4],
      voxelSizeMm: [1, 1, 1] as [number, number, number],
      frameIntervalS: 0,
    };
    writeNifti(join(dir, 'x.nii.gz'), img);
    writeNifti(join(dir, 'y.nii.gz'), img);
    expect(readFileSync(join(dir, 'x.nii.gz')).equals(readFileSync(join(dir, 'y.nii.gz')))).toBe(true);
  });

  describe('rejects corrupt files with CORRUPT_NIFTI naming the file', () => {
    const good = () =>
      encodeNifti({ data: ramp(8), dims: [2, 2, 2], voxelSizeMm: [1, 1, 1], frameIntervalS: 0 });
    const expectCorrupt = (buf: Buffer, pattern: RegExp) => {
      const path = join(dir, 'bad.nii');
      writeFileSync(path, buf);
      expect(() => readNifti(path)).toThrow(
        expect.objectContaining({ code: 'CORRUPT_NIFTI', message: expect.stringMatching(pattern) }),
      );
      expect(() => readNifti(path)).toThrow(/bad\.nii/);
    };
    it('bad sizeof_hdr', () => {
      const b = good();
      b.writeInt32LE(540, 0);
      expectCorrupt(b, /sizeof_hdr/);
    });
    it('bad magic', () => {
      const b = good();
      b.write('ni1\0', 344, 'latin1');
      expectCorrupt(b, /magic/);
    });
    it('truncated data', () => expectCorrupt(good().subarray(0, 352 + 10), /truncated/));
    it('short header', () => expectCorrupt(good().subarray(0, 100), /header needs 348/));
    it('unsupported datatype', () => {
      const b = good();
      b.writeInt16LE(32, 70);
      expectCorrupt(b, /datatype 32 is not supported/);
    });
    it('damaged gzip', () => {
      const gz = gzipSync(good());
      expectCorrupt(gz.subarray(0, 40), /gzip/);
    });
    it('missing file', () => {
      expect(() => readNifti(join(dir, 'none.nii'))).toThrow(
        expect.objectContaining({ code: 'NIFTI_NOT_FOUND' }),
      );
    });
    it('refuses to write mismatched dims', () => {
      expect(() =>
        encodeNifti({ data: ramp(7), dims: [2, 2, 2], voxelSizeMm: [1, 1, 1], frameIntervalS: 0 }),
      ).toThrow(/8 voxels but data has 7/);
    });
  });
});
