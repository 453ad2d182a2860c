/**
 * One way to turn a zod validation failure into a coded error: the message names where the value came from
 * (a file, a CLI option, an activity input), the path of the first offending key (`training.epochs`,
 * `imaging.matrix[2]`) and what it must be. Every layer validates its boundary through this.
 */
import type { z } from 'zod';
import { type CodedError, PerfusionInputError } from './errors';

/** `a.b[2].c` for a zod issue path. */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  return (
    path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '') || '(root)'
  );
}

/**
 * `schema.parse(value)`, or a `code` error "<source>: <path>: <message>" built by `makeError` (default:
 * PerfusionInputError). `source` says where the value came from, e.g. a file name.
 */
export function parseChecked<S extends z.ZodType>(
  schema: S,
  value: unknown,
  source: string,
  code = 'INVALID_CONFIG',
  makeError: (code: string, message: string) => CodedError = (c, m) => new PerfusionInputError(c, m),
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  return raise(makeError(code, `${source}: ${issuePath(issue.path)}: ${issue.message}`));
}

function raise(err: CodedError): never {
  throw err;
}
