/**
 * Rows of the osipi curve layout (docs/formats.md, "Kinetic curves") read from raw bytes: one case per row,
 * array cells of whitespace-separated numbers. Plain ASCII decimals are converted from the bytes
 * (decimal-bytes.ts), with no string or array made per value; a quoted cell, a cell with non-ASCII bytes or a
 * token in any other form goes through csv-numbers.ts, which defines what a cell may hold, so every file reads
 * as it would from text and bad cells fail with the same messages.
 */

import { parseArray, parseNumber } from './csv-numbers';
import { cellText } from './csv-record-scanner';
import { fastDecimal, isAsciiSpace, lastDecimal, readDecimal } from './decimal-bytes';
import type { OsipiChunk } from './osipi-curve-chunks';
import type { OsipiColumns } from './osipi-curve-columns';

/** Four ASCII spaces read as one 32-bit word. */
const SPACES = 0x20202020;

/** One case: tissue times (s) and concentrations (mM), AIF times (s) and plasma concentrations (mM). */
export interface OsipiRow {
  label: string;
  t: Float64Array;
  ct: Float64Array;
  ta: Float64Array;
  ca: Float64Array;
}

/**
 * Reads rows one at a time into arrays it reuses: a row's arrays are views that the next read overwrites, so
 * fit (or copy) each row before reading the next.
 */
export class OsipiRowReader {
  private readonly scratch = [0, 1, 2, 3].map(() => new Float64Array(1024));
  /**
   * Per scratch buffer: a copy of the cell last parsed into it and its count of values (-1: none). OSIPI files
   * repeat the times and the AIF on every row; a cell equal byte for byte to the last one has the same numbers,
   * and comparing bytes costs a small fraction of parsing them.
   */
  private readonly lastCell = [0, 1, 2, 3].map(() => ({ bytes: new Uint8Array(0), length: 0, values: -1 }));
  private readonly references: number[];
  private chunk: OsipiChunk | null = null;
  private bytes: Buffer = Buffer.alloc(0);
  /** The same bytes as a plain Uint8Array: the number loops stay on one array type. */
  private u8: Uint8Array = new Uint8Array(0);
  private words: DataView = new DataView(new ArrayBuffer(0));

  constructor(
    readonly columns: OsipiColumns,
    readonly source: string,
  ) {
    const arrays = new Set([columns.label, columns.t, columns.ct, columns.ca, columns.ta]);
    this.references = columns.header.map((_, i) => i).filter((i) => !arrays.has(i));
  }

  /**
   * Reads row `r` (0-based) of `chunk`. Scalar columns are checked and, given `reference`, stored there.
   */
  read(chunk: OsipiChunk, r: number, reference?: Record<string, number>): OsipiRow {
    if (chunk !== this.chunk) {
      this.chunk = chunk;
      this.bytes = Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength);
      this.u8 = new Uint8Array(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength);
      this.words = new DataView(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength);
    }
    const bytes = this.bytes;
    const cells = chunk.cells;
    const c = this.columns;
    const first = r * c.header.length;
    const row = chunk.firstRow + r;
    const cell = (col: number) => 2 * (first + col);
    // Parse order (t, scalars, ct, ta, ca) fixes which error a row with several bad cells reports.
    const t = this.list(bytes, cells, cell(c.t), 0, row, c.t);
    for (const col of this.references) {
      const value = this.scalar(bytes, cells[cell(col)], cells[cell(col) + 1], row, col);
      if (reference && value !== undefined) reference[c.header[col]] = value;
    }
    const ct = this.list(bytes, cells, cell(c.ct), 1, row, c.ct);
    const ta = c.ta >= 0 ? this.list(bytes, cells, cell(c.ta), 2, row, c.ta) : t;
    const ca = this.list(bytes, cells, cell(c.ca), 3, row, c.ca);
    const label = cellText(bytes, cells[cell(c.label)], cells[cell(c.label) + 1]);
    return { label, t, ct, ta, ca };
  }

  private where(row: number, col: number): string {
    return `row ${row}, column "${this.columns.header[col]}"`;
  }

  /** An array cell into scratch buffer `k`. */
  private list(
    bytes: Buffer,
    cells: Int32Array,
    at: number,
    k: number,
    row: number,
    col: number,
  ): Float64Array {
    const start = cells[at];
    const end = cells[at + 1];
    const last = this.lastCell[k];
    const slow = () => {
      last.values = -1;
      return parseArray(cellText(bytes, start, end), this.source, this.where(row, col));
    };
    if (start < 0) return slow();
    const length = end - start;
    if (last.values > 0 && last.length === length && bytes.compare(last.bytes, 0, length, start, end) === 0)
      return this.scratch[k].subarray(0, last.values);
    const b = this.u8;
    let out = this.scratch[k];
    let n = 0;
    let i = start;
    const words = this.words;
    let text: string | undefined;
    for (;;) {
      // Padding runs of spaces are common (OSIPI's files align columns): skip them four at a time.
      while (i + 4 <= end && words.getUint32(i) === SPACES) i += 4;
      while (i < end && isAsciiSpace(b[i])) i++;
      if (i >= end) break;
      const token = i;
      i = readDecimal(b, token, end);
      let value = lastDecimal[0];
      if (i < end && !isAsciiSpace(b[i])) {
        // Not a plain decimal: the token's text decides, unless the cell holds non-ASCII text (then all of it).
        while (i < end && !isAsciiSpace(b[i])) i++;
        for (let j = token; j < end; j++) if (b[j] > 127) return slow();
        value = Number.NaN;
      }
      if (Number.isNaN(value)) {
        // Number() decides (e.g. 17 significant digits, as Python writes doubles): slicing one decoded copy
        // of the cell costs a third of decoding each such token on its own. Tokens here are ASCII.
        text ??= bytes.toString('latin1', start, end);
        value = parseNumber(text.slice(token - start, i - start), this.source, this.where(row, col));
      }
      if (n === out.length) {
        const bigger = new Float64Array(2 * n);
        bigger.set(out);
        this.scratch[k] = out = bigger;
      }
      out[n++] = value;
    }
    if (n === 0) return slow();
    if (last.bytes.length < length) last.bytes = new Uint8Array(length);
    last.bytes.set(b.subarray(start, end));
    last.length = length;
    last.values = n;
    return out.subarray(0, n);
  }

  /** A scalar cell: its number, or undefined when blank (blank scalar cells are allowed). */
  private scalar(bytes: Buffer, start: number, end: number, row: number, col: number): number | undefined {
    let s = start;
    let e = end;
    if (s >= 0) {
      while (s < e && isAsciiSpace(bytes[s])) s++;
      while (e > s && isAsciiSpace(bytes[e - 1])) e--;
      if (s === e) return undefined;
      const value = fastDecimal(this.u8, s, e);
      if (!Number.isNaN(value)) return value;
    }
    const text = cellText(bytes, start, end).trim();
    return text === '' ? undefined : parseNumber(text, this.source, this.where(row, col));
  }
}
