/**
 * Errors raised by the science layer. Each has a stable machine code (mapped to a non-retryable
 * ApplicationFailure by activities and to a one-line message by the CLI) and a message that says what
 * was wrong, where, and how to fix it.
 */
export class PerfusionInputError extends Error {
  override readonly name = 'PerfusionInputError';
  constructor(
    /** Stable machine code, e.g. INVALID_CURVE, SHAPE_MISMATCH, INVALID_CONFIG. */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
