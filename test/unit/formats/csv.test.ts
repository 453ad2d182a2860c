import { columnIndex, formatCsv, parseCsv } from '../../../formats/csv';

test('plain rows, a byte-order mark, CRLF and a trailing newline', () => {
  expect(parseCsv('\uFEFFa,b\r\n1,2\r\n3,4\r\n')).toEqual({
    header: ['a', 'b'],
    rows: [
      ['1', '2'],
      ['3', '4'],
    ],
  });
});

test('quoted cells hold commas, doubled quotes and newlines; empty cells survive', () => {
  const t = parseCsv('label,note,x\n,,\n"a,b","say ""hi""\nthere",\n,,\n');
  // Wholly empty rows at the end are dropped (editors leave them); inside the table they are kept.
  expect(t.rows).toEqual([
    ['', '', ''],
    ['a,b', 'say "hi"\nthere', ''],
  ]);
});

test('no final newline, and long whitespace-separated array cells stay whole', () => {
  const cell = Array.from({ length: 5000 }, (_, i) => `  ${i * 0.5}`).join('');
  const t = parseCsv(`label,t\ncase_1,${cell}`);
  expect(t.rows[0][1]).toBe(cell);
});

test('formatCsv round-trips through parseCsv', () => {
  const rows = [
    ['a,b', 'x"y', 'line\nbreak'],
    ['1', '2', '3'],
  ];
  expect(parseCsv(formatCsv(['p', 'q', 'r'], rows)).rows).toEqual(rows);
});

test.each([
  ['', /empty/],
  ['a,b\n1,2,3\n', /row 2 has 3 cells but the header has 2/],
  ['a,a\n1,2\n', /column "a" appears twice/],
  ['a,b\n"1,2\n', /quoted field is never closed/],
])('malformed input %j gets a specific error', (text, message) => {
  expect(() => parseCsv(text, 'f.csv')).toThrow(message);
});

test('a missing column lists the ones there are', () => {
  expect(() => columnIndex(parseCsv('a,b\n1,2\n'), 'c', 'f.csv')).toThrow(
    'f.csv: no column "c"; columns are: a, b',
  );
});
