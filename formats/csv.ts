/**
 * RFC 4180 CSV reading and writing. Untrusted input: a UTF-8 byte-order mark is ignored, quoted fields may
 * hold commas, quotes ("") and newlines, and every row must have as many cells as the header.
 */
import { FormatError } from './format-error';

export interface CsvTable {
  header: string[];
  rows: string[][];
}

/** Parses CSV text; `source` names the file in error messages. */
export function parseCsv(text: string, source = 'CSV input'): CsvTable {
  const records = splitRecords(text.startsWith('\uFEFF') ? text.slice(1) : text, source);
  while (records.length > 0 && records[records.length - 1].every((cell) => cell === '')) records.pop();
  if (records.length === 0)
    throw new FormatError('CSV_EMPTY', `${source}: the file is empty; expected a header row`);
  const [header, ...rows] = records;
  const names = header.map((h) => h.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name))
      throw new FormatError('CSV_HEADER', `${source}: column "${name}" appears twice in the header`);
    seen.add(name);
  }
  rows.forEach((row, i) => {
    if (row.length !== names.length) {
      throw new FormatError(
        'CSV_ROW_LENGTH',
        `${source}: row ${i + 2} has ${row.length} cells but the header has ${names.length}; check for missing or extra commas`,
      );
    }
  });
  return { header: names, rows };
}

/** Index of a named column, with an error that lists the available columns when it is missing. */
export function columnIndex(table: CsvTable, name: string, source = 'CSV input'): number {
  const i = table.header.indexOf(name);
  if (i < 0) {
    throw new FormatError(
      'CSV_MISSING_COLUMN',
      `${source}: no column "${name}"; columns are: ${table.header.join(', ')}`,
    );
  }
  return i;
}

/** Serialises rows to CSV, quoting cells that need it. */
export function formatCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  return `${[formatCsvLine(header), ...rows.map(formatCsvLine)].join('\n')}\n`;
}

/** One CSV line (no newline), quoting cells that need it. */
export function formatCsvLine(cells: readonly (string | number)[]): string {
  return cells.map((c) => quote(String(c))).join(',');
}

function quote(cell: string): string {
  return /[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/**
 * Splits text into records of cells. Unquoted cells are sliced between delimiters found by a native regex
 * scan (OSIPI files hold cells of thousands of characters, so per-character work is what costs).
 */
function splitRecords(text: string, source: string): string[][] {
  const records: string[][] = [];
  const delimiter = /[,\r\n]/g;
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let cell: string;
    if (text[i] === '"') {
      cell = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0)
          throw new FormatError('CSV_UNTERMINATED_QUOTE', `${source}: a quoted field is never closed`);
        cell += text.slice(j, q);
        if (text[q + 1] === '"') {
          cell += '"';
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      delimiter.lastIndex = i;
      const m = delimiter.exec(text);
      const end = m ? m.index : n;
      cell = text.slice(i, end);
      i = end;
    }
    row.push(cell);
    const ch = text[i];
    if (ch === ',') {
      i++;
      if (i === n) row.push('');
    } else {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      if (i < n) i++;
      records.push(row);
      row = [];
    }
  }
  if (row.length > 0) records.push(row);
  return records;
}
