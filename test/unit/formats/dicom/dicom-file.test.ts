import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DicomElement, parseDicom, textOf } from '../../../../formats/dicom/dicom-file';
import { serialiseDicom } from '../../../../formats/dicom/dicom-write';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../fixtures/dicom', name));
const find = (elements: DicomElement[], tag: number) => elements.find((e) => e.tag === tag) as DicomElement;

/** A readable dump of a dataset tree (tags, VRs, values), for structural comparisons. */
function dump(elements: DicomElement[]): unknown[] {
  return elements.map((e) => [
    e.tag.toString(16),
    e.vr,
    e.value?.toString('hex'),
    e.items?.map(dump),
    e.fragments?.map((f) => f.toString('hex')),
  ]);
}

describe('parseDicom / serialiseDicom (files written by pydicom)', () => {
  it('reads explicit VR: text values, defined and undefined length sequences, private tags, pixel data', () => {
    const f = parseDicom(fixture('explicit.dcm'), 'explicit.dcm');
    expect(f.transferSyntax).toBe('1.2.840.10008.1.2.1');
    expect(textOf(find(f.dataset, 0x00100010))).toBe('DOE^JOHN');
    expect(find(f.dataset, 0x00100010).vr).toBe('PN');
    const other = find(f.dataset, 0x00101002); // defined length
    expect(textOf(find(other.items?.[0] ?? [], 0x00100020))).toBe('OLD-99887766');
    const source = find(f.dataset, 0x00082112); // undefined length
    expect(textOf(find(source.items?.[0] ?? [], 0x00081155))).toBe(
      '1.3.6.1.4.1.9590.100.1.2.33333333334444444444',
    );
    const nested = find(find(f.dataset, 0x00082218).items?.[0] ?? [], 0x0040a730);
    expect(textOf(find(nested.items?.[0] ?? [], 0x0040a123))).toBe('TECH^ALICE');
    expect(textOf(find(f.dataset, 0x00291010))).toBe('DOE^JOHN private copy');
    expect(Array.from(find(f.dataset, 0x7fe00010).value ?? [])).toEqual([1, 0, 2, 0, 3, 0, 4, 0]);
  });

  it('reads implicit VR with VRs from the dictionary and sequences of either length', () => {
    const f = parseDicom(fixture('implicit.dcm'), 'implicit.dcm');
    expect(f.transferSyntax).toBe('1.2.840.10008.1.2');
    expect(find(f.dataset, 0x00100010).vr).toBe('PN');
    expect(find(f.dataset, 0x00080032).vr).toBe('TM');
    expect(find(f.dataset, 0x00101002).items?.length).toBe(1);
    expect(find(f.dataset, 0x00082112).items?.length).toBe(1);
    expect(find(f.dataset, 0x00280010).vr).toBe('UN'); // Rows: not needed by de-identification
  });

  it('keeps encapsulated pixel data as its offset table and fragments', () => {
    const f = parseDicom(fixture('encapsulated.dcm'), 'encapsulated.dcm');
    const fragments = find(f.dataset, 0x7fe00010).fragments ?? [];
    // pydicom writes a basic offset table (two frames: offsets 0 and 8 + 16) and pads odd fragments with a NUL.
    expect(fragments.length).toBe(3);
    expect([fragments[0].readUInt32LE(0), fragments[0].readUInt32LE(4)]).toEqual([0, 24]);
    expect(fragments[1].toString('latin1')).toBe('\xff\xd8fake-jpeg-1\xff\xd9\0');
    expect(fragments[2].toString('latin1')).toBe('\xff\xd8fake-2\xff\xd9');
  });

  it.each(['explicit.dcm', 'implicit.dcm', 'encapsulated.dcm'])(
    '%s survives a write and a read unchanged',
    (name) => {
      const f = parseDicom(fixture(name), name);
      const again = parseDicom(serialiseDicom(f), `${name} rewritten`);
      expect(again.transferSyntax).toBe(f.transferSyntax);
      expect(dump(again.dataset)).toEqual(dump(f.dataset));
      expect(dump(again.meta.filter((e) => e.tag !== 0x00020000))).toEqual(
        dump(f.meta.filter((e) => e.tag !== 0x00020000)),
      );
      const groupLength = find(again.meta, 0x00020000).value?.readUInt32LE(0);
      const metaEnd = 132 + 12 + (groupLength ?? 0);
      expect(serialiseDicom(f).readUInt16LE(metaEnd)).toBe(0x0008); // the dataset starts right after the meta group
    },
  );

  it('names the file and the problem for bad input', () => {
    expect(() => parseDicom(Buffer.from('not dicom'), 'a.txt')).toThrow(
      expect.objectContaining({
        code: 'DICOM_CORRUPT',
        message: expect.stringMatching(/^a\.txt: .*Part 10/),
      }),
    );
    const bytes = fixture('explicit.dcm');
    expect(() => parseDicom(bytes.subarray(0, bytes.length - 5), 'cut.dcm')).toThrow(
      expect.objectContaining({
        code: 'DICOM_CORRUPT',
        message: expect.stringMatching(/cut\.dcm: truncated/),
      }),
    );
    const bigEndian = Buffer.from(bytes);
    const at = bigEndian.indexOf('1.2.840.10008.1.2.1\0');
    bigEndian.write('1.2.840.10008.1.2.2\0', at, 'latin1');
    expect(() => parseDicom(bigEndian, 'be.dcm')).toThrow(
      expect.objectContaining({ code: 'DICOM_UNSUPPORTED_SYNTAX' }),
    );
  });
});
