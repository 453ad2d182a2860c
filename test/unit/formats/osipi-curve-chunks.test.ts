import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../../../formats/csv';
import { parseArray, parseNumber } from '../../../formats/csv-numbers';
import { chunkRows, type OsipiChunk, readOsipiChunks } from '../../../formats/osipi-curve-chunks';
import { OsipiRowReader } from '../../../formats/osipi-curve-rows';
import { osipiPath, osipiText } from '../../fixtures/osipi/osipi-curves';

interface Row {
  label: string;
  t: number[];
  ct: number[];
  ta: number[];
  ca: number[];
  reference: Record<string, number>;
}

/** The osipi layout read from text with the text definitions (parseCsv, parseArray, parseNumber): the oracle. */
function readFromText(text: string): Row[] {
  const table = parseCsv(text, 'in.csv');
  const col = (names: string[]) => names.map((n) => table.header.indexOf(n)).find((i) => i >= 0) as number;
  const [label, t, ct, ca, ta] = [['label'], ['t'], ['C_t', 'C'], ['cp_aif', 'ca'], ['ta']].map(col);
  return table.rows.map((row, r) => {
    const where = (c: number) => `row ${r + 2}, column "${table.header[c]}"`;
    const time = Array.from(parseArray(row[t], 'in.csv', where(t)));
    const reference: Record<string, number> = {};
    table.header.forEach((name, c) => {
      if (![label, t, ct, ca, ta].includes(c) && row[c].trim() !== '')
        reference[name] = parseNumber(row[c].trim(), 'in.csv', where(c));
    });
    return {
      label: row[label],
      t: time,
      ct: Array.from(parseArray(row[ct], 'in.csv', where(ct))),
      ta: ta === undefined ? time : Array.from(parseArray(row[ta], 'in.csv', where(ta))),
      ca: Array.from(parseArray(row[ca], 'in.csv', where(ca))),
      reference,
    };
  });
}

/** The same file streamed from disk in buffers of `bufferBytes`, rows copied out of the reader. */
async function readStreamed(path: string, bufferBytes: number): Promise<{ rows: Row[]; chunks: number }> {
  const rows: Row[] = [];
  let chunks = 0;
  for await (const chunk of readOsipiChunks(path, 'in.csv', bufferBytes)) {
    chunks++;
    rows.push(...rowsOf(chunk));
  }
  return { rows, chunks };
}

function rowsOf(chunk: OsipiChunk): Row[] {
  const reader = new OsipiRowReader(chunk.columns, chunk.source);
  return Array.from({ length: chunkRows(chunk) }, (_, r) => {
    const reference: Record<string, number> = {};
    const row = reader.read(chunk, r, reference);
    const [t, ct, ta, ca] = [row.t, row.ct, row.ta, row.ca].map((a) => Array.from(a));
    return { label: row.label, t, ct, ta, ca, reference };
  });
}

const dir = mkdtempSync(join(tmpdir(), 'qtm-osipi-chunks-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('osipi curve files read in chunks from bytes', () => {
  it.each(['2cxm_sd_0.001_delay_0.csv', 'dce_DRO_data_extended_tofts.csv'])(
    'reads %s exactly as the text definitions do, in buffers of any size',
    async (name) => {
      const expected = readFromText(osipiText(name));
      for (const bufferBytes of [1000, 65536, 1 << 20]) {
        const { rows, chunks } = await readStreamed(osipiPath(name), bufferBytes);
        expect(rows).toEqual(expected);
        if (bufferBytes === 1000) expect(chunks).toBe(expected.length);
      }
    },
  );

  it('reads BOM, CRLF, quoted and non-ASCII cells, nan, exponents and blank trailing lines alike', async () => {
    const text =
      '\uFEFFlabel,Ktrans,note,t,C,ca,ta\r\n' +
      '"v,1",0.1,,"0   1  2",0 5e-1  1E0, 0 4 2 1,0 1 2 3\r\n' +
      'v2, nan ,3,0\u00a01\u00a02,1 2 3,+1 -2 .5 7.,0 1 2 3\r\n' +
      'v3,,,0 1 2,0.30000000000000004 1e23 -0,1 1 1 1,0 1 2 3\r\n\r\n,,,,,,\r\n';
    const path = file('edge.csv', text);
    const expected = readFromText(text);
    expect(expected).toHaveLength(3);
    for (const bufferBytes of [1, 7, 4096])
      expect((await readStreamed(path, bufferBytes)).rows).toEqual(expected);
  });

  it('reuses a repeated cell only when its bytes are the same (times and AIF repeat on every row)', async () => {
    const text = [
      'label,t,C,ca',
      'a,0 1 2,0 1 2,1 1 1',
      'b,0 1 2,0 1 3,1 1 1',
      'c,0 1 3,0 1 3,"1 1 1"',
      'd,0 1 3,0 1 3,1 1 2',
      'e,0 1 3,0 1 3,1 1 2',
    ].join('\n');
    const expected = readFromText(text);
    const { rows } = await readStreamed(file('repeats.csv', text), 1 << 20);
    expect(rows).toEqual(expected);
    expect(rows.map((r) => r.t[2])).toEqual([2, 2, 3, 3, 3]);
    expect(rows.map((r) => r.ca[2])).toEqual([1, 1, 1, 2, 2]);
  });

  it.each([
    [
      'a blank line inside the file',
      'label,t,C,ca\na,0 1,0 1,1 1\n\nb,0 1,0 1,1 1\n',
      'CSV_ROW_LENGTH',
      'row 3 has 1 cells',
    ],
    [
      'a short row',
      'label,t,C,ca\na,0 1,0 1,1 1\nb,0 1,0 1\n',
      'CSV_ROW_LENGTH',
      'row 3 has 3 cells but the header has 4',
    ],
    [
      'a bad number',
      'label,t,C,ca\na,0 1,0 1,1 1\nb,0 x1,0 1,1 1\n',
      'CSV_NUMBER',
      'in.csv: row 3, column "t": "x1" is not a number',
    ],
    [
      'an empty array cell',
      'label,t,C,ca\na,0 1,  ,1 1\n',
      'CSV_NUMBER',
      'row 2, column "C": the cell is empty',
    ],
    [
      'a bad reference value',
      'label,vp,t,C,ca\na,1O,0 1,0 1,1 1\n',
      'CSV_NUMBER',
      'row 2, column "vp": "1O" is not a number',
    ],
    ['no AIF column', 'label,t,C\na,0 1,0 1\n', 'CSV_MISSING_COLUMN', 'no column "cp_aif" or "ca"'],
    ['a repeated column', 'label,t,t,C,ca\n', 'CSV_HEADER', 'column "t" appears twice'],
    ['nothing but blank lines', '\n\n', 'CSV_EMPTY', 'the file is empty'],
  ])('refuses %s (%s) with the text reader’s message', async (_, text, code, message) => {
    const path = file('bad.csv', text);
    await expect(readStreamed(path, 8)).rejects.toMatchObject({
      code,
      message: expect.stringContaining(message),
    });
  });

  it.each([
    ['a missing file', () => join(tmpdir(), 'qtm-no-such-osipi-file.csv'), 'ENOENT'],
    ['a folder', () => mkdtempSync(join(tmpdir(), 'qtm-osipi-folder-')), 'not a file'],
  ])('refuses %s with a message naming it and the format', async (_, path, why) => {
    await expect(readStreamed(path(), 8)).rejects.toMatchObject({
      code: 'INPUT_NOT_READABLE',
      message: `in.csv: cannot be read (${why}); give an existing osipi curve file (docs/formats.md, "Kinetic curves")`,
    });
  });
});
