/**
 * Numbers in CSV cells as text: one number per cell, or a whitespace-separated list in one cell (OSIPI's
 * curve files). These define what a cell may hold; formats/decimal-bytes.ts reads the common plain decimals
 * from bytes faster and defers to these for everything else, so both read every cell alike.
 */
import { FormatError } from './format-error';

/** The number in `token` (as Number() reads it; "nan" in any case is NaN); `where` names the cell in errors. */
export function parseNumber(token: string, source: string, where: string): number {
  const value = Number(token);
  if (token.trim() === '' || (Number.isNaN(value) && token.trim().toLowerCase() !== 'nan')) {
    throw new FormatError('CSV_NUMBER', `${source}: ${where}: "${token}" is not a number`);
  }
  return value;
}

/** The whitespace-separated numbers of `cell`, at least one. */
export function parseArray(cell: string, source: string, where: string): Float64Array {
  const tokens = cell
    .trim()
    .split(/\s+/)
    .filter((s) => s !== '');
  if (tokens.length === 0)
    throw new FormatError(
      'CSV_NUMBER',
      `${source}: ${where}: the cell is empty; expected whitespace-separated numbers`,
    );
  return Float64Array.from(tokens, (tok) => parseNumber(tok, source, where));
}
