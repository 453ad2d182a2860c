/**
 * Finds CSV records and their cells in raw bytes, a buffer at a time, without decoding text: the streaming
 * reader of large curve files hands whole records to worker threads and keeps the incomplete tail for the next
 * read. Records and cells are exactly those of csv.ts's parseCsv (same quoting, CR, LF and CRLF rules, same
 * treatment of text after a closing quote); all delimiters are ASCII, which never occurs inside a multi-byte
 * UTF-8 sequence, so byte offsets split the text where parseCsv splits it.
 */
import { FormatError } from './format-error';

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Records found by one scan; offsets index the scanned buffer. */
export class CsvRecords {
  /** Per cell: start and end offsets. A quoted cell stores ~start (negative): its text lies between the quotes, "" not yet unescaped. */
  cells = new Int32Array(1024);
  cellCount = 0;
  /** Per record: index (in cells) one past its last cell, offset one past its terminator, and whether every cell is empty. */
  cellEnd = new Int32Array(64);
  byteEnd = new Int32Array(64);
  blank = new Uint8Array(64);
  count = 0;

  clear(): void {
    this.cellCount = 0;
    this.count = 0;
  }

  /** Cells of record `r`: [first, end) in cell indices. */
  firstCell(r: number): number {
    return r === 0 ? 0 : this.cellEnd[r - 1];
  }

  pushCell(start: number, end: number): void {
    if (2 * this.cellCount + 2 > this.cells.length) this.cells = grow(this.cells, this.cells.length * 2);
    this.cells[2 * this.cellCount] = start;
    this.cells[2 * this.cellCount + 1] = end;
    this.cellCount++;
  }

  endRecord(byteEnd: number, blank: boolean): void {
    if (this.count === this.cellEnd.length) {
      this.cellEnd = grow(this.cellEnd, this.count * 2);
      this.byteEnd = grow(this.byteEnd, this.count * 2);
      this.blank = grow(this.blank, this.count * 2);
    }
    this.cellEnd[this.count] = this.cellCount;
    this.byteEnd[this.count] = byteEnd;
    this.blank[this.count] = blank ? 1 : 0;
    this.count++;
  }

  /** Drops the cells of records from `r` on (an incomplete record, or records the caller holds back). */
  truncate(r: number): void {
    this.count = r;
    this.cellCount = this.firstCell(r);
  }
}

function grow<T extends Int32Array | Uint8Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/**
 * Scans the complete records of `bytes[start..]` into `out` (cleared first). Unless `final` (the end of the
 * input), a record that may continue past the buffer is left out; the caller keeps its bytes, from
 * `out.byteEnd[out.count - 1]` (or `start`), for the next scan. `source` names the file in errors.
 */
export function scanCsvRecords(
  bytes: Buffer,
  start: number,
  final: boolean,
  out: CsvRecords,
  source: string,
): void {
  out.clear();
  const n = bytes.length;
  // Next comma, LF and CR at or after the scan position (n when none), found by native search and reused.
  let comma = -1;
  let lf = -1;
  let cr = -1;
  const next = (byte: number, at: number) => {
    const i = bytes.indexOf(byte, at);
    return i < 0 ? n : i;
  };
  let pos = start;
  records: while (pos < n) {
    let blank = true;
    let i = pos;
    for (;;) {
      if (i < n && bytes[i] === QUOTE) {
        let q = i;
        for (;;) {
          q = bytes.indexOf(QUOTE, q + 1);
          if (q < 0) {
            if (final)
              throw new FormatError('CSV_UNTERMINATED_QUOTE', `${source}: a quoted field is never closed`);
            break records;
          }
          if (q + 1 >= n && !final) break records;
          if (bytes[q + 1] !== QUOTE) break;
          q++;
        }
        out.pushCell(~(i + 1), q);
        blank &&= q === i + 1;
        i = q + 1;
      } else {
        if (comma < i) comma = next(COMMA, i);
        if (lf < i) lf = next(LF, i);
        if (cr < i) cr = next(CR, i);
        const end = Math.min(comma, lf, cr);
        if (end === n && !final) break records;
        out.pushCell(i, end);
        blank &&= end === i;
        i = end;
      }
      if (i < n && bytes[i] === COMMA) {
        i++;
        if (i < n) continue;
        if (!final) break records;
        out.pushCell(n, n);
        break;
      }
      if (i < n && bytes[i] === CR) {
        if (i + 1 >= n && !final) break records;
        if (bytes[i + 1] === LF) i++;
      }
      if (i < n) i++;
      break;
    }
    out.endRecord(i, blank);
    pos = i;
  }
  // A record cut off by the end of the buffer left cells behind; drop them.
  out.truncate(out.count);
}

/** The text of a cell stored as (start, end) by a scan: UTF-8 decoded, a quoted cell's "" unescaped. */
export function cellText(bytes: Buffer, start: number, end: number): string {
  return start < 0
    ? bytes.toString('utf8', ~start, end).replaceAll('""', '"')
    : bytes.toString('utf8', start, end);
}
