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
  if (records.length === 0) throw new FormatError('CSV_EMPTY', `${source}: the file is empty; expected a header row`);
  const [header, ...rows] = records;
  const names = header.map((h) => h.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new FormatError('CSV_HEADER', `${source}: column "${name}" appears twice in the header`);
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
    throw new FormatError('CSV_MISSING_COLUMN', `${source}: no column "${name}"; columns are: ${table.header.join(', ')}`);
  }
  return i;
}

/** Serialises rows to CSV, quoting cells that need it. */
export function formatCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => cells.map((c) => quote(String(c))).join(',');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

function quote(cell: string): string {
  return /[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

function splitRecords(text: string, source: string): string[][] {
  const records: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') inQuotes = false;
      else cell += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      records.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (inQuotes) throw new FormatError('CSV_UNTERMINATED_QUOTE', `${source}: a quoted field is never closed`);
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    records.push(row);
  }
  return records;
}
