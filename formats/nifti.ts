/**
 * NIfTI-1 single-file images (.nii, and .nii.gz through zlib). Voxels are stored x fastest, then y, z, t.
 * We write float32 / float64 / uint8 little-endian with an sform affine in mm (srow_x/y/z), pixdim[4] the frame
 * interval in s and xyzt_units = mm + s; we read those plus int16, and (as float32, the integer types scanners
 * and dcm2niix write) int8, uint16, int32 and uint32, either byte order, applying scl_slope/inter.
 * Every header is validated at the boundary: a bad file is a FormatError CORRUPT_NIFTI naming the file.
 * Layout: NIfTI-1 reference header nifti1.h (https://nifti.nimh.nih.gov/pub/dist/src/niftilib/nifti1.h).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { FormatError } from './format-error';

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

const HEADER_BYTES = 348;
const DATA_OFFSET = 352; // header + 4-byte empty extension flag
const DATATYPES: Record<number, { bytes: number; name: string }> = {
  2: { bytes: 1, name: 'uint8' },
  4: { bytes: 2, name: 'int16' },
  8: { bytes: 4, name: 'int32' },
  16: { bytes: 4, name: 'float32' },
  64: { bytes: 8, name: 'float64' },
  256: { bytes: 1, name: 'int8' },
  512: { bytes: 2, name: 'uint16' },
  768: { bytes: 4, name: 'uint32' },
};
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

/** Decodes NIfTI-1 bytes (gzip detected by its magic); `source` names the file in errors. */
export function decodeNifti(input: Buffer, source = 'NIfTI input'): NiftiImage {
  const fail = (why: string): never => {
    throw new FormatError('CORRUPT_NIFTI', `${source}: ${why}`);
  };
  let buf = input;
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf);
    } catch (err) {
      fail(`gzip stream is damaged (${(err as Error).message}); re-export the file`);
    }
  }
  if (buf.length < HEADER_BYTES) fail(`only ${buf.length} bytes; a NIfTI-1 header needs ${HEADER_BYTES}`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const little = view.getInt32(0, true) === HEADER_BYTES;
  if (!little && view.getInt32(0, false) !== HEADER_BYTES)
    fail(`sizeof_hdr is not ${HEADER_BYTES}; not a NIfTI-1 file`);
  const magic = buf.toString('latin1', 344, 348);
  if (magic !== 'n+1\0') fail(`magic is ${JSON.stringify(magic)}, expected "n+1" (single-file NIfTI-1)`);
  const ndim = view.getInt16(40, little);
  if (ndim < 1 || ndim > 7) fail(`dim[0] = ${ndim}; must be 1..7`);
  const dims: number[] = [];
  for (let i = 0; i < ndim; i++) dims.push(view.getInt16(42 + 2 * i, little));
  if (dims.some((d) => d < 1)) fail(`dims ${dims.join('x')} must all be >= 1`);
  while (dims.length > 4 && dims[dims.length - 1] === 1) dims.pop();
  while (dims.length < 3) dims.push(1);
  if (dims.length > 4) fail(`${dims.length}-D images are not supported; expected 3D or 4D`);
  const code = view.getInt16(70, little);
  const type = DATATYPES[code];
  if (!type)
    fail(
      `datatype ${code} is not supported; use uint8 (2), int8 (256), int16 (4), uint16 (512), int32 (8), uint32 (768), float32 (16) or float64 (64)`,
    );
  const offset = Math.round(view.getFloat32(108, little));
  if (offset < HEADER_BYTES) fail(`vox_offset ${offset} lies inside the header`);
  const count = dims.reduce((a, b) => a * b, 1);
  if (buf.length < offset + count * type.bytes) {
    fail(
      `dims ${dims.join('x')} of ${type.name} need ${offset + count * type.bytes} bytes but the file has ${buf.length}; the file is truncated`,
    );
  }
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

/** Reads a .nii or .nii.gz file. */
export function readNifti(path: string): NiftiImage {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new FormatError(
      'NIFTI_NOT_FOUND',
      `${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      { cause: err },
    );
  }
  return decodeNifti(bytes, path);
}

/** Writes a .nii or .nii.gz file (gzip when the name ends in .gz; deterministic bytes for equal input). */
export function writeNifti(path: string, image: NiftiImage): void {
  const raw = encodeNifti(image);
  writeFileSync(path, path.endsWith('.gz') ? gzipSync(raw, { level: 6 }) : raw);
}
