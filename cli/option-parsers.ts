/** Commander option parsers shared by the `qtm` commands; a bad value is reported by commander as one line. */
import { InvalidArgumentError } from 'commander';

/** "a, b,,c" -> ["a", "b", "c"]. */
export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** An integer >= min. */
export function integerOption(min: number) {
  return (value: string): number => {
    const v = Number(value);
    if (!Number.isInteger(v) || v < min)
      throw new InvalidArgumentError(`expected an integer >= ${min}, got "${value}"`);
    return v;
  };
}
