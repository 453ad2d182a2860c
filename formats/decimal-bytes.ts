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

/** NaN: the bytes are not in the form converted here (the caller falls back to Number on the text). */
export const NOT_FAST = Number.NaN;

/** True for the ASCII bytes that JavaScript's trim() and \s treat as white space (tab, LF, VT, FF, CR, space). */
export function isAsciiSpace(byte: number): boolean {
  return byte === 32 || (byte >= 9 && byte <= 13);
}

/**
 * The number written in `bytes[start, end)` (no surrounding white space), or NOT_FAST when the token is not
 * a plain decimal literal that converts exactly here (then `Number(text)` decides: a value, Infinity, hex,
 * or not a number at all).
 */
export function fastDecimal(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (i < end && (bytes[i] === 45 || bytes[i] === 43)) negative = bytes[i++] === 45;
  let mantissa = 0;
  let significant = 0;
  let exponent = 0;
  let digits = 0;
  let fraction = false;
  for (; i < end; i++) {
    const d = bytes[i] - 48;
    if (d >= 0 && d <= 9) {
      digits++;
      if (fraction) exponent--;
      if (mantissa === 0 && d === 0) continue;
      mantissa = mantissa * 10 + d;
      significant++;
    } else if (d === -2 && !fraction)
      fraction = true; // '.'
    else break;
  }
  if (digits === 0 || significant > MAX_DIGITS) return NOT_FAST;
  if (i < end && (bytes[i] | 32) === 101) {
    i++;
    let negativeExponent = false;
    if (i < end && (bytes[i] === 45 || bytes[i] === 43)) negativeExponent = bytes[i++] === 45;
    const first = i;
    let value = 0;
    for (; i < end; i++) {
      const d = bytes[i] - 48;
      if (d < 0 || d > 9) break;
      if (value < 1e6) value = value * 10 + d;
    }
    if (i === first) return NOT_FAST;
    exponent += negativeExponent ? -value : value;
  }
  if (i !== end) return NOT_FAST;
  if (mantissa === 0) return negative ? -0 : 0;
  if (exponent < -MAX_EXPONENT || exponent > MAX_EXPONENT) return NOT_FAST;
  const magnitude = exponent >= 0 ? mantissa * POW10[exponent] : mantissa / POW10[-exponent];
  return negative ? -magnitude : magnitude;
}
