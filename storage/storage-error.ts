/** Object-store and results-store errors with a stable code (CORRUPT_OBJECT, OBJECT_NOT_FOUND, INVALID_HASH, ...). */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
