/** A file at the edge (CSV, NIfTI, YAML, subject folder) is malformed; the message names the file and the fix. */
export class FormatError extends Error {
  override readonly name = 'FormatError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
