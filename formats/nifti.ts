/**
 * NIfTI-1 single-file images (.nii, and .nii.gz through zlib). Voxels are stored x fastest, then y, z, t.
 * We write float32 / float64 / uint8 little-endian with an sform affine in mm (srow_x/y/z), pixdim[4] the frame
 * interval in s and xyzt_units = mm + s; we read those plus int16, and (as float32, the integer types scanners
 * and dcm2niix write) int8, uint16, int32 and uint32, either byte order, applying scl_slope/inter.
 * Every header is validated at the boundary: a bad file is a FormatError CORRUPT_NIFTI naming the file.
 * Layout: NIfTI-1 reference header nifti1.h (https://nifti.nimh.nih.gov/pub/dist/src/niftilib/nifti1.h).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { writeFileAtomic } from './atomic-write';
import { FormatError } from './format-error';
import {
  DATATYPES,
  declaredLayout,
  describe,
  HEADER_BYTES,
  inflateDeclared,
  isGzip,
  type NiftiFail,
  type NiftiLayout,
} from './nifti-layout';

export type NiftiData = Float32Array | Float64Array | Uint8Array | Int16Array;

export interface NiftiImage {
  /** Voxel values, x fastest; length = product of dims. */
  data: NiftiData;
  /** [nx, ny, nz] or [nx, ny, nz, nt]. */
  dims: number[];
  /** Voxel size [dx, dy, dz] in mm. */
  voxelSizeMm: [number, number, number];
  /** Time between frames in s (4D images); 0 when not set. */
  frameIntervalS: number;
  /** 4x4 voxel-index -> scanner mm affine (row major, last row 0 0 0 1); diagonal voxel sizes when omitted. */
  affine?: number[][];
  description?: string;
}

const DATA_OFFSET = 352; // header + 4-byte empty extension flag
/** Bytes read first from a file: the header (and, compressed, enough of the stream to inflate it). */
const HEAD_READ_BYTES = 64 * 1024;
const UNITS_MM = 2;
const UNITS_S = 8;

function datatypeCode(data: NiftiData): number {
  if (data instanceof Float32Array) return 16;
  if (data instanceof Float64Array) return 64;
  if (data instanceof Uint8Array) return 2;
  return 4;
}

/** Default affine: diagonal voxel sizes, origin at voxel 0. */
function diagonalAffine(v: [number, number, number]): number[][] {
  return [
    [v[0], 0, 0, 0],
    [0, v[1], 0, 0],
    [0, 0, v[2], 0],
    [0, 0, 0, 1],
  ];
}

/** Encodes an image as uncompressed NIfTI-1 bytes (little-endian). */
export function encodeNifti(image: NiftiImage): Buffer {
  const { data, dims, voxelSizeMm } = image;
  const count = dims.reduce((a, b) => a * b, 1);
  if ((dims.length !== 3 && dims.length !== 4) || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new FormatError(
      'CORRUPT_NIFTI',
      `cannot write NIfTI: dims ${JSON.stringify(dims)} must be 3 or 4 positive integers`,
    );
  }
  if (count !== data.length) {
    throw new FormatError(
      'CORRUPT_NIFTI',
      `cannot write NIfTI: dims ${dims.join('x')} hold ${count} voxels but data has ${data.length}`,
    );
  }
  const code = datatypeCode(data);
  const bytes = DATATYPES[code].bytes;
  const buf = Buffer.alloc(DATA_OFFSET + count * bytes);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  view.setInt32(0, HEADER_BYTES, true);
  buf[38] = 'r'.charCodeAt(0);
  view.setInt16(40, dims.length, true);
  for (const [i, d] of dims.entries()) view.setInt16(42 + 2 * i, d, true);
  for (let i = dims.length; i < 7; i++) view.setInt16(42 + 2 * i, 1, true);
  view.setInt16(70, code, true);
  view.setInt16(72, bytes * 8, true);
  const pixdim = [1, voxelSizeMm[0], voxelSizeMm[1], voxelSizeMm[2], image.frameIntervalS, 1, 1, 1];
  for (const [i, p] of pixdim.entries()) view.setFloat32(76 + 4 * i, p, true);
  view.setFloat32(108, DATA_OFFSET, true);
  view.setFloat32(112, 1, true); // scl_slope
  buf[123] = UNITS_MM | UNITS_S;
  buf.write((image.description ?? '').slice(0, 79), 148, 'latin1');
  view.setInt16(252, 0, true); // qform_code: unset, the sform carries the geometry
  view.setInt16(254, 2, true); // sform_code: aligned anatomical
  const affine = image.affine ?? diagonalAffine(voxelSizeMm);
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 4; c++) view.setFloat32(280 + 16 * r + 4 * c, affine[r][c], true);
  buf.write('n+1\0', 344, 'latin1');
  const out = new DataView(buf.buffer, buf.byteOffset + DATA_OFFSET, count * bytes);
  for (let i = 0; i < count; i++) {
    if (code === 16) out.setFloat32(4 * i, data[i], true);
    else if (code === 64) out.setFloat64(8 * i, data[i], true);
    else if (code === 2) out.setUint8(i, data[i]);
    else out.setInt16(2 * i, data[i], true);
  }
  return buf;
}

/**
 * Decodes NIfTI-1 bytes (gzip detected by its magic); `source` names the file in errors. The bytes must be the
 * size the header declares: a gzip stream is inflated only that far (nifti-layout.ts).
 */
export function decodeNifti(input: Buffer, source = 'NIfTI input'): NiftiImage {
  const fail = failure(source);
  const layout = declaredLayout(input, fail);
  const buf = isGzip(input) ? inflateDeclared(input, layout, fail) : input;
  checkSize(buf.length, layout, fail);
  const { little, dims, code, offset, count } = layout;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const pix = (i: number) => Math.abs(view.getFloat32(76 + 4 * i, little));
  const units = buf[123];
  const spaceScale = (units & 7) === 1 ? 1000 : (units & 7) === 3 ? 0.001 : 1; // metre / micron -> mm
  const timeScale = (units & 56) === 16 ? 0.001 : (units & 56) === 24 ? 1e-6 : 1; // ms / us -> s
  const voxelSizeMm: [number, number, number] = [
    pix(1) * spaceScale,
    pix(2) * spaceScale,
    pix(3) * spaceScale,
  ];
  const slope = view.getFloat32(112, little);
  const inter = view.getFloat32(116, little);
  const scaled = slope !== 0 && Number.isFinite(slope) && (slope !== 1 || inter !== 0);
  const data = readVoxels(view, offset, count, code, little, scaled ? slope : 1, scaled ? inter : 0, scaled);
  const affine =
    view.getInt16(254, little) > 0
      ? [0, 1, 2].map((r) =>
          [0, 1, 2, 3].map((c) => view.getFloat32(280 + 16 * r + 4 * c, little) * spaceScale),
        )
      : diagonalAffine(voxelSizeMm);
  if (affine.length === 3) affine.push([0, 0, 0, 1]);
  const description = buf.toString('latin1', 148, 228).replace(/\0.*$/s, '');
  return {
    data,
    dims,
    voxelSizeMm,
    frameIntervalS: dims.length === 4 ? pix(4) * timeScale : 0,
    affine,
    description,
  };
}

function readVoxels(
  view: DataView,
  offset: number,
  count: number,
  code: number,
  little: boolean,
  slope: number,
  inter: number,
  scaled: boolean,
): NiftiData {
  const get = (i: number): number => {
    if (code === 16) return view.getFloat32(offset + 4 * i, little);
    if (code === 64) return view.getFloat64(offset + 8 * i, little);
    if (code === 2) return view.getUint8(offset + i);
    if (code === 4) return view.getInt16(offset + 2 * i, little);
    if (code === 256) return view.getInt8(offset + i);
    if (code === 512) return view.getUint16(offset + 2 * i, little);
    if (code === 8) return view.getInt32(offset + 4 * i, little);
    return view.getUint32(offset + 4 * i, little);
  };
  const out: NiftiData =
    scaled || code === 8 || code === 256 || code === 512 || code === 768
      ? new Float32Array(count)
      : code === 16
        ? new Float32Array(count)
        : code === 64
          ? new Float64Array(count)
          : code === 2
            ? new Uint8Array(count)
            : new Int16Array(count);
  for (let i = 0; i < count; i++) out[i] = get(i) * slope + inter;
  return out;
}

/**
 * Reads a .nii or .nii.gz file. The header is read first, so a file larger than the image it declares is
 * refused before it is read whole: memory stays bounded by what the header declares.
 */
export function readNifti(path: string): NiftiImage {
  const fail = failure(path);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new FormatError(
      'NIFTI_NOT_FOUND',
      `${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      { cause: err },
    );
  }
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, HEAD_READ_BYTES));
    readSync(fd, head, 0, head.length, 0);
    const layout = declaredLayout(head, fail);
    if (!isGzip(head)) checkSize(size, layout, fail);
    else if (size > layout.byteLength * 1.01 + HEAD_READ_BYTES)
      fail(
        `${size} compressed bytes are more than the ${layout.byteLength}-byte image its header declares (${describe(layout)}) could need; the file is damaged or its header is wrong, re-export it`,
      );
    const bytes = Buffer.alloc(size);
    readSync(fd, bytes, 0, size, 0);
    return decodeNifti(bytes, path);
  } finally {
    closeSync(fd);
  }
}

/** A data part of exactly the size the header declares (`size` bytes in all). */
function checkSize(size: number, layout: NiftiLayout, fail: NiftiFail): void {
  if (size < layout.byteLength)
    fail(
      `${describe(layout)} need ${layout.byteLength} bytes but the file has ${size}; the file is truncated`,
    );
  if (size > layout.byteLength)
    fail(
      `${describe(layout)} need ${layout.byteLength} bytes but the file has ${size}; the header and the data disagree, re-export the file`,
    );
}

function failure(source: string): NiftiFail {
  return (why) => {
    throw new FormatError('CORRUPT_NIFTI', `${source}: ${why}`);
  };
}

/**
 * Writes a .nii or .nii.gz file (gzip when the name ends in .gz; deterministic bytes for equal input), under a
 * temporary name first so a reader never sees half a file.
 */
export function writeNifti(path: string, image: NiftiImage): void {
  const raw = encodeNifti(image);
  writeFileAtomic(path, path.endsWith('.gz') ? gzipSync(raw, { level: 6 }) : raw);
}
