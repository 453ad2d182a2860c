/**
 * Errors with a stable machine code (UPPER_SNAKE, e.g. INVALID_CURVE, CORRUPT_NIFTI, DB_UNREACHABLE) and a
 * message that says what was wrong, where, and how to fix it. Activities map them to non-retryable
 * ApplicationFailures (unless the code names an infrastructure fault) and the CLI prints them as one line.
 * Every layer's error class extends CodedError; this file is the base because perfusion/ imports nothing else.
 */
export class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Bad input to the science layer (curves, volumes, configs, checkpoints). */
export class PerfusionInputError extends CodedError {
  override readonly name = 'PerfusionInputError';
}
