import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { profileAction } from '../../../../formats/dicom/basic-profile';
import { deidentifyDicom, shiftDate } from '../../../../formats/dicom/deidentify';
import { type DicomElement, parseDicom, textOf } from '../../../../formats/dicom/dicom-file';
import { serialiseDicom } from '../../../../formats/dicom/dicom-write';
import { Pseudonymiser } from '../../../../formats/pseudonymiser';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../fixtures/dicom', name));
const find = (elements: DicomElement[], tag: number) => elements.find((e) => e.tag === tag);
const pseudonymiser = new Pseudonymiser(Buffer.alloc(32, 7));
const subject = pseudonymiser.subject('MRN4451234');
const ctx = { ...subject, uid: (u: string) => pseudonymiser.uid(u) };

/** Every fake identifier the fixtures carry (make_unit_files.py), including the DICOM spellings. */
const PHI = [
  'DOE',
  'JOHN',
  'MRN4451234',
  'OLD-99887766',
  '19650412',
  '20240305',
  'St Fake',
  'WHO^DOCTOR',
  'TECH^ALICE',
  'FAKE_PACS_AE',
  'FAKE VENDOR',
  '11111111112222222222',
  '33333333334444444444',
  '55555555556666666666',
  '77777777778888888888',
  '99999999990000000000',
];

describe.each(['explicit.dcm', 'implicit.dcm', 'encapsulated.dcm'])('deidentifyDicom(%s)', (name) => {
  const original = parseDicom(fixture(name), name);
  const bytes = serialiseDicom(deidentifyDicom(original, ctx));
  const out = parseDicom(bytes, `${name} de-identified`);
  const text = (tag: number) => {
    const e = find(out.dataset, tag);
    return e ? textOf(e) : undefined;
  };

  it('leaves none of the fake identifiers anywhere in the bytes', () => {
    const latin1 = bytes.toString('latin1');
    for (const value of PHI) expect(latin1).not.toContain(value);
  });

  it('puts the pseudonym in name and ID, shifts dates, keeps times, empties the birth date', () => {
    expect(text(0x00100010)).toBe(subject.pseudonym);
    expect(text(0x00100020)).toBe(subject.pseudonym);
    expect(text(0x00100030)).toBe('');
    expect(text(0x00080020)).toBe(shiftDate('20240305', subject.dateShiftDays));
    expect(text(0x0008002a)).toBe(`${shiftDate('20240305', subject.dateShiftDays)}101503.250000`);
    expect(text(0x00080032)).toBe('101503.25');
    expect(text(0x00120062)).toBe('YES');
    expect(text(0x00280303)).toBe('MODIFIED');
  });

  it('removes what the profile removes, private attributes included, and keeps the acquisition', () => {
    for (const tag of [0x00080080, 0x00101002, 0x00101030, 0x00290010, 0x00291010])
      expect(find(out.dataset, tag)).toBeUndefined();
    expect(text(0x00080090)).toBe(''); // Referring Physician: Z
    expect(text(0x00080060)).toBe('MR');
    expect(text(0x00080070)).toBe('QTM-FIXTURE');
    expect(text(0x00080016)).toBe('1.2.840.10008.5.1.4.1.1.4'); // DICOM-defined UIDs stay
    const pixels = (f: typeof out) => {
      const e = find(f.dataset, 0x7fe00010);
      return [e?.value?.toString('hex'), e?.fragments?.map((b) => b.toString('hex'))];
    };
    expect(pixels(out)).toEqual(pixels(original));
  });

  it('replaces UIDs consistently: the file meta, the dataset and references inside sequences', () => {
    const sop = pseudonymiser.uid('1.3.6.1.4.1.9590.100.1.2.11111111112222222222');
    expect(sop).toMatch(/^2\.25\.\d+$/);
    expect(text(0x00080018)).toBe(sop);
    expect(textOf(find(out.meta, 0x00020003) as DicomElement)).toBe(sop);
    expect(text(0x0020000e)).toBe(pseudonymiser.uid('1.3.6.1.4.1.9590.100.1.2.77777777778888888888'));
    // Referenced Series Sequence is kept (not in the table): the series UID inside it maps like the one outside.
    const series = find(out.dataset, 0x00081115)?.items?.[0] ?? [];
    expect(textOf(find(series, 0x0020000e) as DicomElement)).toBe(text(0x0020000e));
    expect(find(out.dataset, 0x00082112)).toBeUndefined(); // Source Image Sequence: X/Z/U*, removed
  });

  it('cleans person names inside kept sequences', () => {
    const region = find(out.dataset, 0x00082218)?.items?.[0] ?? [];
    expect(textOf(find(region, 0x00080104) as DicomElement)).toBe('Brain');
    // Content Sequence has action D: replaced by an empty sequence.
    expect(find(region, 0x0040a730)?.items).toEqual([]);
  });
});

describe('profile table and date shift', () => {
  it('maps the profile actions', () => {
    expect(profileAction(0x00100010)).toBe('empty'); // Patient's Name, Z
    expect(profileAction(0x00080080)).toBe('remove'); // Institution Name, X/Z/D
    expect(profileAction(0x0040a730)).toBe('dummy'); // Content Sequence, D
    expect(profileAction(0x00180080)).toBe('keep'); // Repetition Time
    expect(profileAction(0x00091001)).toBe('remove'); // private
    expect(profileAction(0x60003000)).toBe('remove'); // overlay data
    expect(profileAction(0x50020010)).toBe('remove'); // curve
    expect(profileAction(0x00080000)).toBe('remove'); // group length
  });

  it('shifts across month, year and leap-day boundaries and empties partial dates', () => {
    expect(shiftDate('20240301', -1)).toBe('20240229');
    expect(shiftDate('20230101', -1)).toBe('20221231');
    expect(shiftDate('20240305', -731)).toBe('20220305'); // 2024 is a leap year
    expect(shiftDate('2024', -3)).toBe('');
    expect(shiftDate('', -3)).toBe('');
  });
});
