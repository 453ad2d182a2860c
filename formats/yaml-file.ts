/**
 * Reads a YAML config file into a plain value, with one message style for the two ways it can fail: the file
 * cannot be read (CONFIG_NOT_FOUND) or is not YAML (INVALID_CONFIG). Schemas check the value afterwards.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { FormatError } from './format-error';

export function readYamlFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new FormatError(
      'CONFIG_NOT_FOUND',
      `${path}: cannot read (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message})`,
      { cause },
    );
  }
  try {
    return parse(text);
  } catch (cause) {
    throw new FormatError(
      'INVALID_CONFIG',
      `${path}: not valid YAML (${(cause as Error).message.split('\n')[0]})`,
      { cause },
    );
  }
}
