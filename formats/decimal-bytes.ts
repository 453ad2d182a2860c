/**
 * Decimal numbers read straight from UTF-8 bytes, so a 56 MB curve file is parsed without making a string per
 * value. Only the plain form `[+-]digits[.digits][(e|E)[+-]digits]` with at most 15 significant digits and a
 * decimal exponent within +-22 is converted here: then the digits and the power of ten are exact doubles and
 * one multiplication or division rounds once, so the result is the correctly rounded value that Number() gives
 * (Clinger, "How to read floating point numbers accurately", PLDI 1990). Anything else is left to the caller,
 * which converts the text with Number(): the answer is the same either way, only the cost differs.
 */

/** 10^0 .. 10^22: every one is exactly representable as a double. */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);

const MAX_DIGITS = 15;
const MAX_EXPONENT = 22;

/** True for the ASCII bytes that JavaScript's trim() and \s treat as white space (tab, LF, VT, FF, CR, space). */
export function isAsciiSpace(byte: number): boolean {
  return byte === 32 || (byte >= 9 && byte <= 13);
}

/**
 * The value read by the last readDecimal, at index 0 (a typed array: storing a double there is cheaper than
 * returning a pair). NaN when the bytes read are not in the form converted here.
 */
export const lastDecimal = new Float64Array(1);

/**
 * Reads the decimal literal that starts at `bytes[start]` and returns the offset where it stops (at `end` or
 * at the first byte that cannot continue it), with its value in `lastDecimal[0]`. The value is NaN when no
 * digit was read or the literal is not one converted exactly here; then, as when the stop is not at the
 * token's end, the caller converts the token's text with Number().
 */
export function readDecimal(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  const sign = bytes[i];
  const negative = sign === 45;
  if (negative || sign === 43) i++;
  let mantissa = 0;
  let significant = 0; // digits from the first non-zero one: at most MAX_DIGITS keep the mantissa exact
  let digits = 0;
  let exponent = 0;
  for (; i < end; i++) {
    const d = bytes[i] - 48;
    if (d >>> 0 >= 10) break;
    digits++;
    if (significant > 0 || d !== 0) {
      mantissa = mantissa * 10 + d;
      significant++;
    }
  }
  if (i < end && bytes[i] === 46) {
    for (i++; i < end; i++) {
      const d = bytes[i] - 48;
      if (d >>> 0 >= 10) break;
      digits++;
      exponent--;
      if (significant > 0 || d !== 0) {
        mantissa = mantissa * 10 + d;
        significant++;
      }
    }
  }
  if (i < end && (bytes[i] | 32) === 101)
    return readExponent(
      bytes,
      i + 1,
      end,
      negative,
      mantissa,
      digits > 0 && significant <= MAX_DIGITS,
      exponent,
    );
  lastDecimal[0] =
    digits > 0 && significant <= MAX_DIGITS ? scaled(negative, mantissa, exponent) : Number.NaN;
  return i;
}

/** The rest of readDecimal after an 'e' or 'E' at `i - 1`: an exponent needs at least one digit. */
function readExponent(
  bytes: Uint8Array,
  start: number,
  end: number,
  negative: boolean,
  mantissa: number,
  exact: boolean,
  exponent: number,
): number {
  let i = start;
  const sign = bytes[i];
  const negativeExponent = sign === 45;
  if (negativeExponent || sign === 43) i++;
  const first = i;
  let value = 0;
  for (; i < end; i++) {
    const d = bytes[i] - 48;
    if (d >>> 0 >= 10) break;
    if (value < 1e6) value = value * 10 + d;
  }
  const shift = negativeExponent ? -value : value;
  lastDecimal[0] = exact && i > first ? scaled(negative, mantissa, exponent + shift) : Number.NaN;
  return i;
}

/** +-mantissa x 10^exponent, correctly rounded, or NaN when 10^exponent is not an exact double. */
function scaled(negative: boolean, mantissa: number, exponent: number): number {
  if (mantissa === 0) return negative ? -0 : 0;
  if (exponent < -MAX_EXPONENT || exponent > MAX_EXPONENT) return Number.NaN;
  const magnitude = exponent >= 0 ? mantissa * POW10[exponent] : mantissa / POW10[-exponent];
  return negative ? -magnitude : magnitude;
}

/**
 * The number written in `bytes[start, end)` (no surrounding white space), or NaN when the token is not a
 * plain decimal literal converted exactly here (then `Number(text)` decides: a value, Infinity, hex, or not a
 * number at all).
 */
export function fastDecimal(bytes: Uint8Array, start: number, end: number): number {
  return readDecimal(bytes, start, end) === end ? lastDecimal[0] : Number.NaN;
}
