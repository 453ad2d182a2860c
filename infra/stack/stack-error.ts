/** A local-stack server could not be installed, started or reached; the message names it and its log. */
export class StackError extends Error {
  override readonly name = 'StackError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
