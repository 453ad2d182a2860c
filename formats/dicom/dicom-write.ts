/**
 * Writing DICOM Part 10 files from the element tree dicom-file.ts reads: preamble, file meta (explicit VR little
 * endian, group length recomputed), then the dataset in its transfer syntax. Sequences and items are written
 * with undefined lengths and delimiters (PS3.5 7.5, an encoding equivalent to defined lengths), encapsulated
 * pixel data as its fragments; values are padded to even length (PS3.5 6.2).
 */
import {
  type DicomElement,
  type DicomFile,
  IMPLICIT_LITTLE,
  ITEM,
  ITEM_END,
  LONG_VRS,
  SEQUENCE_END,
  UNDEFINED,
} from './dicom-file';

/** Encodes a file: preamble, meta with a recomputed group length, then the dataset. */
export function serialiseDicom(file: DicomFile): Buffer {
  const explicit = file.transferSyntax !== IMPLICIT_LITTLE;
  const metaBody = Buffer.concat(
    file.meta.filter((e) => e.tag !== 0x00020000).map((e) => encodeElement(e, true)),
  );
  const groupLength = encodeElement({ tag: 0x00020000, vr: 'UL', value: u32(metaBody.length) }, true);
  const header = Buffer.alloc(132);
  header.write('DICM', 128, 'latin1');
  return Buffer.concat([
    header,
    groupLength,
    metaBody,
    ...file.dataset.map((e) => encodeElement(e, explicit)),
  ]);
}

/** A text value padded to even length as PS3.5 6.2 asks (UIDs with NUL, other text with a space). */
export function textValue(vr: string, text: string): Buffer {
  const padded = text.length % 2 === 1 ? text + (vr === 'UI' ? '\0' : ' ') : text;
  return Buffer.from(padded, 'latin1');
}

function encodeElement(e: DicomElement, explicit: boolean): Buffer {
  const head = (vr: string, length: number) => {
    const long = !explicit || LONG_VRS.has(vr);
    const b = Buffer.alloc(explicit && long ? 12 : 8);
    b.writeUInt16LE(e.tag >>> 16, 0);
    b.writeUInt16LE(e.tag & 0xffff, 2);
    if (!explicit) b.writeUInt32LE(length >>> 0, 4);
    else {
      b.write(vr, 4, 'latin1');
      if (long) b.writeUInt32LE(length >>> 0, 8);
      else b.writeUInt16LE(length, 6);
    }
    return b;
  };
  const delimiter = (tag: number, length = 0) => {
    const b = Buffer.alloc(8);
    b.writeUInt16LE(tag >>> 16, 0);
    b.writeUInt16LE(tag & 0xffff, 2);
    b.writeUInt32LE(length >>> 0, 4);
    return b;
  };
  if (e.fragments)
    return Buffer.concat([
      head('OB', UNDEFINED),
      ...e.fragments.flatMap((f) => [delimiter(ITEM, f.length), f]),
      delimiter(SEQUENCE_END),
    ]);
  if (e.items)
    return Buffer.concat([
      head('SQ', UNDEFINED),
      ...e.items.flatMap((item) => [
        delimiter(ITEM, UNDEFINED),
        ...item.map((x) => encodeElement(x, explicit)),
        delimiter(ITEM_END),
      ]),
      delimiter(SEQUENCE_END),
    ]);
  const value = e.value ?? Buffer.alloc(0);
  const even =
    value.length % 2 === 0
      ? value
      : Buffer.concat([value, Buffer.from([e.vr === 'UI' || e.vr.startsWith('O') ? 0 : 0x20])]);
  return Buffer.concat([head(e.vr, even.length), even]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n, 0);
  return b;
}
