/** Commander option parsers shared by the `qtm` commands; a bad value is reported by commander as one line. */
import { InvalidArgumentError } from 'commander';
import { isSafeName, SAFE_NAME_RULE } from '../contracts/safe-names';

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

/** A value that becomes a file or folder name (contracts/safe-names.ts): no separator, no "..". */
export function safeNameOption(value: string): string {
  if (!isSafeName(value))
    throw new InvalidArgumentError(`"${value.slice(0, 80)}" cannot name a folder; use ${SAFE_NAME_RULE}`);
  return value;
}
