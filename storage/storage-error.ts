/** Object-store and results-store errors with a stable code (CORRUPT_OBJECT, OBJECT_NOT_FOUND, INVALID_HASH, ...). */
import { CodedError } from '../perfusion/errors';

export class StorageError extends CodedError {
  override readonly name = 'StorageError';
}
