/**
 * An osipi curve file cut into chunks of whole rows while it is read: each chunk is the bytes read so far
 * (from the first row not yet handed out) and the cell offsets of its complete rows, ready to be moved to a
 * worker thread that parses and fits them (osipi-curve-rows.ts). The header and every row's cell count are
 * checked here, in file order, with csv.ts's rules: the file is one CSV table, a blank line at the end is
 * ignored, one in the middle is a row.
 */
import { open } from 'node:fs/promises';
import { CsvRecords, cellText, scanCsvRecords } from './csv-record-scanner';
import { FormatError } from './format-error';
import { type OsipiColumns, osipiColumns } from './osipi-curve-columns';

/** Whole rows of an osipi file: cell offsets index `bytes`, `ncols` cells a row. */
export interface OsipiChunk {
  source: string;
  columns: OsipiColumns;
  bytes: Uint8Array;
  cells: Int32Array;
  /** 1-based line of the chunk's first row in the file (the header is line 1). */
  firstRow: number;
}

/** Number of rows in a chunk. */
export function chunkRows(chunk: OsipiChunk): number {
  return chunk.cells.length / (2 * chunk.columns.header.length);
}

const BOM = [0xef, 0xbb, 0xbf];

/** Turns buffers of a file, fed in order, into chunks of whole rows. */
export class OsipiChunker {
  private readonly records = new CsvRecords();
  private columns: OsipiColumns | null = null;
  private atFileStart = true;
  private nextRow = 2;

  constructor(readonly source: string) {}

  /**
   * Takes `bytes` (what is left of earlier buffers, then new bytes); `final` when the file ends there. Returns
   * the chunk of the rows completed (null when none) and the offset from which the caller must keep the bytes
   * for the next call.
   */
  take(bytes: Buffer, final: boolean): { chunk: OsipiChunk | null; rest: number } {
    let start = 0;
    if (this.atFileStart) {
      if (bytes.length < BOM.length && !final) return { chunk: null, rest: 0 };
      if (BOM.every((b, i) => bytes[i] === b)) start = BOM.length;
      this.atFileStart = false;
    }
    const records = this.records;
    scanCsvRecords(bytes, start, final, records, this.source);
    // Blank records are held back until a row follows them: at the end of the file they are dropped.
    let used = records.count;
    while (used > 0 && records.blank[used - 1] === 1) used--;
    const rest = final ? bytes.length : used > 0 ? records.byteEnd[used - 1] : start;
    let first = 0;
    if (!this.columns && used > 0) {
      const header: string[] = [];
      for (let c = 0; c < records.cellEnd[0]; c++)
        header.push(cellText(bytes, records.cells[2 * c], records.cells[2 * c + 1]).trim());
      const duplicate = header.find((name, i) => header.indexOf(name) !== i);
      if (duplicate !== undefined)
        throw new FormatError(
          'CSV_HEADER',
          `${this.source}: column "${duplicate}" appears twice in the header`,
        );
      this.columns = osipiColumns(header, this.source);
      first = 1;
    }
    if (final && !this.columns)
      throw new FormatError('CSV_EMPTY', `${this.source}: the file is empty; expected a header row`);
    if (!this.columns || first >= used) return { chunk: null, rest };
    const ncols = this.columns.header.length;
    for (let r = first; r < used; r++) {
      const cellCount = records.cellEnd[r] - records.firstCell(r);
      if (cellCount !== ncols) {
        throw new FormatError(
          'CSV_ROW_LENGTH',
          `${this.source}: row ${this.nextRow + r - first} has ${cellCount} cells but the header has ${ncols}; check for missing or extra commas`,
        );
      }
    }
    const chunk: OsipiChunk = {
      source: this.source,
      columns: this.columns,
      bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, rest),
      cells: records.cells.slice(2 * records.firstCell(first), 2 * records.cellEnd[used - 1]),
      firstRow: this.nextRow,
    };
    this.nextRow += used - first;
    return { chunk, rest };
  }
}

/**
 * Reads an osipi file `path` in buffers of about `bufferBytes` and yields its rows chunk by chunk. Each chunk
 * owns its ArrayBuffers (bytes and cells), so they can be transferred to a worker thread.
 */
export async function* readOsipiChunks(
  path: string,
  source = path,
  bufferBytes = 1 << 20,
): AsyncGenerator<OsipiChunk> {
  const unreadable = (why: string, cause?: Error) =>
    new FormatError(
      'INPUT_NOT_READABLE',
      `${source}: cannot be read (${why}); give an existing osipi curve file (docs/formats.md, "Kinetic curves")`,
      { cause },
    );
  const file = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
    throw unreadable(err.code ?? err.message, err);
  });
  try {
    if (!(await file.stat()).isFile()) throw unreadable('not a file');
    const chunker = new OsipiChunker(source);
    let carry = Buffer.alloc(0);
    for (;;) {
      // A row longer than a buffer makes the next read as large as what is carried: reads grow geometrically.
      const size = Math.max(bufferBytes, carry.length);
      const buffer = Buffer.from(new ArrayBuffer(carry.length + size));
      carry.copy(buffer);
      const { bytesRead } = await file.read(buffer, carry.length, size, null);
      const filled = buffer.subarray(0, carry.length + bytesRead);
      const { chunk, rest } = chunker.take(filled, bytesRead === 0);
      carry = Buffer.from(filled.subarray(rest));
      if (chunk) yield chunk;
      if (bytesRead === 0) return;
    }
  } finally {
    await file.close();
  }
}
