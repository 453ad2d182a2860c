/**
 * What a NIfTI-1 header declares before any voxel is read: byte order, dims, datatype, data offset, and so the
 * exact size of the image. Readers bound what they read by it: a .nii must be that size, and a .nii.gz stream
 * is inflated only up to it; a stream that inflates further is refused as soon as it passes that size, so a
 * small damaged or hostile file cannot make the reader inflate gigabytes. Layout: NIfTI-1 reference header
 * nifti1.h (https://nifti.nimh.nih.gov/pub/dist/src/niftilib/nifti1.h).
 */
import { constants as bufferConstants } from 'node:buffer';
import { gunzipSync, constants as zlibConstants } from 'node:zlib';

export const HEADER_BYTES = 348;
export const DATATYPES: Record<number, { bytes: number; name: string }> = {
  2: { bytes: 1, name: 'uint8' },
  4: { bytes: 2, name: 'int16' },
  8: { bytes: 4, name: 'int32' },
  16: { bytes: 4, name: 'float32' },
  64: { bytes: 8, name: 'float64' },
  256: { bytes: 1, name: 'int8' },
  512: { bytes: 2, name: 'uint16' },
  768: { bytes: 4, name: 'uint32' },
};
/** Compressed bytes inflated to find the header: deflate expands at most ~1032x, so at most ~4 MiB come out. */
const HEADER_PREFIX_BYTES = 4096;

/** A failure naming the file: `why` says what is wrong and how to fix it. */
export type NiftiFail = (why: string) => never;

export interface NiftiLayout {
  little: boolean;
  /** [nx, ny, nz] or [nx, ny, nz, nt]. */
  dims: number[];
  /** NIfTI datatype code (a key of DATATYPES). */
  code: number;
  /** Byte offset of the first voxel. */
  offset: number;
  count: number;
  /** offset + count x bytes per voxel: the whole image. */
  byteLength: number;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The layout the header declares; of a gzip stream only the start is inflated. */
export function declaredLayout(bytes: Buffer, fail: NiftiFail): NiftiLayout {
  const head = isGzip(bytes) ? inflatedStart(bytes, fail) : bytes;
  if (head.length < HEADER_BYTES) fail(`only ${head.length} bytes; a NIfTI-1 header needs ${HEADER_BYTES}`);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const little = view.getInt32(0, true) === HEADER_BYTES;
  if (!little && view.getInt32(0, false) !== HEADER_BYTES)
    fail(`sizeof_hdr is not ${HEADER_BYTES}; not a NIfTI-1 file`);
  const magic = head.toString('latin1', 344, 348);
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
  if (!(offset >= HEADER_BYTES)) fail(`vox_offset ${offset} lies inside the header`);
  const count = dims.reduce((a, b) => a * b, 1);
  const byteLength = offset + count * type.bytes;
  if (byteLength > bufferConstants.MAX_LENGTH)
    fail(
      `dims ${dims.join('x')} of ${type.name} declare ${byteLength} bytes, more than one image can hold in memory here (${bufferConstants.MAX_LENGTH}); check the header's dims`,
    );
  return { little, dims, code, offset, count, byteLength };
}

/** The whole image of a gzip stream, refused as soon as it inflates past the size its header declares. */
export function inflateDeclared(bytes: Buffer, layout: NiftiLayout, fail: NiftiFail): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: layout.byteLength });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      fail(
        `the gzip stream inflates past the ${layout.byteLength} bytes its header declares (${describe(layout)}); the file is damaged or its header is wrong, re-export it`,
      );
    return fail(`gzip stream is damaged (${(err as Error).message}); re-export the file`);
  }
}

/** dims and type, as messages name them. */
export function describe(layout: NiftiLayout): string {
  return `dims ${layout.dims.join('x')} of ${DATATYPES[layout.code].name}`;
}

/** The first inflated bytes of a gzip stream (enough for the header), without inflating the rest. */
function inflatedStart(bytes: Buffer, fail: NiftiFail): Buffer {
  const whole = bytes.length <= HEADER_PREFIX_BYTES;
  let head: Buffer;
  try {
    // A sync flush at the end of a cut stream returns what inflated so far instead of failing on the cut; a
    // stream given whole must end properly.
    head = gunzipSync(
      bytes.subarray(0, HEADER_PREFIX_BYTES),
      whole ? {} : { finishFlush: zlibConstants.Z_SYNC_FLUSH },
    );
  } catch (err) {
    return fail(`gzip stream is damaged (${(err as Error).message}); re-export the file`);
  }
  if (!whole && head.length < HEADER_BYTES)
    fail(
      `the first ${HEADER_PREFIX_BYTES} compressed bytes inflate to only ${head.length} bytes, less than the ${HEADER_BYTES}-byte header; the gzip stream is damaged, re-export the file`,
    );
  return head;
}
