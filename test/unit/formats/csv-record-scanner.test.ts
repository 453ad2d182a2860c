import { parseCsv } from '../../../formats/csv';
import { CsvRecords, cellText, scanCsvRecords } from '../../../formats/csv-record-scanner';

/** Records as cell texts, scanning `text` whole. */
function scanAll(text: string): string[][] {
  const bytes = Buffer.from(text, 'utf8');
  const out = new CsvRecords();
  scanCsvRecords(bytes, 0, true, out, 'x.csv');
  return records(bytes, out);
}

function records(bytes: Buffer, out: CsvRecords): string[][] {
  return Array.from({ length: out.count }, (_, r) => {
    const cells: string[] = [];
    for (let c = out.firstCell(r); c < out.cellEnd[r]; c++)
      cells.push(cellText(bytes, out.cells[2 * c], out.cells[2 * c + 1]));
    return cells;
  });
}

/** The same, fed in two buffers split at byte `k`, as a file is read: the first scan keeps what it cannot finish. */
function scanSplit(text: string, k: number): string[][] {
  const bytes = Buffer.from(text, 'utf8');
  const out = new CsvRecords();
  scanCsvRecords(bytes.subarray(0, k), 0, false, out, 'x.csv');
  const first = records(bytes, out);
  const rest = out.count > 0 ? out.byteEnd[out.count - 1] : 0;
  const tail = bytes.subarray(rest);
  scanCsvRecords(tail, 0, true, out, 'x.csv');
  return [...first, ...records(tail, out)];
}

/** Valid tables (every row as long as the header). */
const TABLES = [
  'a,b\n1,2\n',
  'a,b\r\n1,2\r\n3,4',
  'a,b\r1,2\r3,4\r',
  'label,note,x\n,,\n"a,b","say ""hi""\nthere",\n,,\n',
  'a,b\n1,\n',
  'a,b\n1,',
  'a,b\n"",""\n',
  'h1,h2\n0.1  0.2 ,é\u00a0ü\n',
  'a,b\n"\r\n",\r\n',
];

/** Malformed files, with the records parseCsv's splitter makes of them (text after a closing quote ends the record). */
const MALFORMED: Array<[string, string[][]]> = [
  ['a\n"x"y,z\n', [['a'], ['x'], ['', 'z']]],
  ['\n\na,b\n', [[''], [''], ['a', 'b']]],
  [
    'a,b\n1,2,3\n',
    [
      ['a', 'b'],
      ['1', '2', '3'],
    ],
  ],
];
const TEXTS = [...TABLES, ...MALFORMED.map(([text]) => text)];

describe('CSV record scanner', () => {
  it.each(TABLES)('finds the records and cells parseCsv finds: %j', (text) => {
    const table = parseCsv(text);
    const scanned = scanAll(text);
    while (scanned.length > 0 && scanned[scanned.length - 1].every((c) => c === '')) scanned.pop();
    expect(scanned.map((r, i) => (i === 0 ? r.map((c) => c.trim()) : r))).toEqual([
      table.header,
      ...table.rows,
    ]);
  });

  it.each(MALFORMED)('splits malformed text as parseCsv does: %j', (text, expected) => {
    expect(scanAll(text)).toEqual(expected);
    expect(() => parseCsv(text)).toThrow(expect.objectContaining({ code: 'CSV_ROW_LENGTH' }));
  });

  it.each(TEXTS)('finds the same records whatever the buffer boundaries: %j', (text) => {
    const whole = scanAll(text);
    for (let k = 0; k <= Buffer.byteLength(text); k++) expect(scanSplit(text, k)).toEqual(whole);
  });

  it('refuses a quoted field that never closes, only at the end of the input', () => {
    const bytes = Buffer.from('a,b\n"x,1\n');
    const out = new CsvRecords();
    scanCsvRecords(bytes, 0, false, out, 'x.csv');
    expect(out.count).toBe(1);
    expect(() => scanCsvRecords(bytes, 0, true, out, 'x.csv')).toThrow(
      expect.objectContaining({ code: 'CSV_UNTERMINATED_QUOTE' }),
    );
  });
});
