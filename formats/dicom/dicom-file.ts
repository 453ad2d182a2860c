/**
 * Reading DICOM Part 10 files (PS3.10 section 7.1) into a tree of data elements (dicom-write.ts writes them
 * back): as much of PS3.5 (sections 7 and A.4) as rewriting attributes needs without touching the image.
 * Little-endian explicit and implicit VR transfer syntaxes, sequences and items of defined or undefined length,
 * and encapsulated (compressed) pixel data kept as opaque fragments. Explicit big endian (retired) and deflated
 * syntaxes are refused; a malformed file is DICOM_CORRUPT naming the file. Implicit VR files get their VRs from
 * dicom-vr.ts.
 */
import { FormatError } from '../format-error';
import { implicitVr } from './dicom-vr';

export interface DicomElement {
  /** (group << 16 | element), unsigned. */
  tag: number;
  /** Value representation, e.g. 'PN', 'UI', 'SQ'; 'UN' when an implicit VR file leaves it unknown. */
  vr: string;
  /** Raw value bytes (absent for sequences and encapsulated pixel data). */
  value?: Buffer;
  /** Items of a sequence, each a list of elements. */
  items?: DicomElement[][];
  /** Encapsulated pixel data: the basic offset table, then the fragments. */
  fragments?: Buffer[];
}

export interface DicomFile {
  /** File meta information (group 0002), always explicit VR little endian. */
  meta: DicomElement[];
  dataset: DicomElement[];
  transferSyntax: string;
}

export const IMPLICIT_LITTLE = '1.2.840.10008.1.2';
const REFUSED: Record<string, string> = {
  '1.2.840.10008.1.2.2': 'explicit VR big endian (retired)',
  '1.2.840.10008.1.2.1.99': 'deflated explicit VR little endian',
};
export const LONG_VRS = new Set([
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'SQ',
  'SV',
  'UC',
  'UN',
  'UR',
  'UT',
  'UV',
]);
export const ITEM = 0xfffee000;
export const ITEM_END = 0xfffee00d;
export const SEQUENCE_END = 0xfffee0dd;
const PIXEL_DATA = 0x7fe00010;
export const UNDEFINED = 0xffffffff;

/** Parses a Part 10 file; `source` names it in errors. */
export function parseDicom(bytes: Buffer, source: string): DicomFile {
  const fail = (why: string): never => {
    throw new FormatError('DICOM_CORRUPT', `${source}: ${why}`);
  };
  if (bytes.length < 132 || bytes.toString('latin1', 128, 132) !== 'DICM')
    fail('no "DICM" after the 128-byte preamble: not a DICOM Part 10 file');
  const reader = new Reader(bytes, fail);
  reader.offset = 132;
  const meta: DicomElement[] = [];
  while (reader.offset < bytes.length && bytes.readUInt16LE(reader.offset) === 0x0002)
    meta.push(reader.element(true));
  const syntaxElement = meta.find((e) => e.tag === 0x00020010);
  const transferSyntax = syntaxElement
    ? textOf(syntaxElement)
    : fail('the file meta has no Transfer Syntax UID (0002,0010)');
  if (REFUSED[transferSyntax])
    throw new FormatError(
      'DICOM_UNSUPPORTED_SYNTAX',
      `${source}: transfer syntax ${transferSyntax} (${REFUSED[transferSyntax]}) is not supported; convert it to explicit VR little endian (e.g. dcmconv +te)`,
    );
  const explicit = transferSyntax !== IMPLICIT_LITTLE;
  const dataset: DicomElement[] = [];
  while (reader.offset < bytes.length) dataset.push(reader.element(explicit));
  return { meta, dataset, transferSyntax };
}

/** A text value without its padding (trailing spaces and NULs). */
export function textOf(e: DicomElement): string {
  return (e.value ?? Buffer.alloc(0)).toString('latin1').replace(/[\0 ]+$/, '');
}

class Reader {
  offset = 0;
  constructor(
    private readonly bytes: Buffer,
    private readonly fail: (why: string) => never,
  ) {}

  private need(n: number): void {
    if (this.offset + n > this.bytes.length)
      this.fail(`truncated at byte ${this.offset} (${n} more bytes needed); the file is incomplete`);
  }

  private u16(): number {
    this.need(2);
    this.offset += 2;
    return this.bytes.readUInt16LE(this.offset - 2);
  }

  private u32(): number {
    this.need(4);
    this.offset += 4;
    return this.bytes.readUInt32LE(this.offset - 4);
  }

  private tag(): number {
    const group = this.u16();
    return ((group << 16) | this.u16()) >>> 0;
  }

  element(explicit: boolean): DicomElement {
    const tag = this.tag();
    let vr: string;
    let length: number;
    if (explicit) {
      this.need(2);
      vr = this.bytes.toString('latin1', this.offset, this.offset + 2);
      this.offset += 2;
      if (!/^[A-Z]{2}$/.test(vr)) this.fail(`element ${hex(tag)} has no valid VR ("${vr}")`);
      if (LONG_VRS.has(vr)) {
        this.offset += 2;
        length = this.u32();
      } else length = this.u16();
    } else {
      vr = implicitVr(tag);
      length = this.u32();
    }
    if (length === UNDEFINED) {
      if (tag === PIXEL_DATA) return { tag, vr: 'OB', fragments: this.fragments() };
      // An undefined-length UN holds an implicit VR little endian sequence (PS3.5 6.2.2).
      return { tag, vr: 'SQ', items: this.items(explicit && vr !== 'UN', undefined) };
    }
    this.need(length);
    const start = this.offset;
    // An item tag (FFFE,E000) reads as 0xE000FFFE in little-endian bytes.
    const looksLikeItems = length >= 8 && this.bytes.readUInt32LE(start) === 0xe000fffe;
    if (vr === 'SQ' || (vr === 'UN' && !explicit && looksLikeItems))
      return { tag, vr: 'SQ', items: this.items(explicit, start + length) };
    this.offset += length;
    return { tag, vr, value: this.bytes.subarray(start, start + length) };
  }

  /** Items until `end` (defined length) or the sequence delimiter. */
  private items(explicit: boolean, end: number | undefined): DicomElement[][] {
    const items: DicomElement[][] = [];
    while (end === undefined || this.offset < end) {
      const tag = this.tag();
      const length = this.u32();
      if (tag === SEQUENCE_END) break;
      if (tag !== ITEM) this.fail(`expected a sequence item at byte ${this.offset - 8}, found ${hex(tag)}`);
      const item: DicomElement[] = [];
      const itemEnd = length === UNDEFINED ? undefined : this.offset + length;
      while (itemEnd === undefined || this.offset < itemEnd) {
        if (itemEnd === undefined) {
          this.need(8);
          if (this.bytes.readUInt32LE(this.offset) !== 0xe00dfffe) {
            item.push(this.element(explicit));
            continue;
          }
          this.offset += 8;
          break;
        }
        item.push(this.element(explicit));
      }
      items.push(item);
    }
    return items;
  }

  private fragments(): Buffer[] {
    const out: Buffer[] = [];
    for (;;) {
      const tag = this.tag();
      const length = this.u32();
      if (tag === SEQUENCE_END) return out;
      if (tag !== ITEM)
        this.fail(`expected a pixel data fragment at byte ${this.offset - 8}, found ${hex(tag)}`);
      this.need(length);
      out.push(this.bytes.subarray(this.offset, this.offset + length));
      this.offset += length;
    }
  }
}

function hex(tag: number): string {
  const h = tag.toString(16).toUpperCase().padStart(8, '0');
  return `(${h.slice(0, 4)},${h.slice(4)})`;
}
