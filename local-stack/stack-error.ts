/** A local-stack server could not be installed, started or reached; the message names it and its log. */
import { CodedError } from '../perfusion/errors';

export class StackError extends CodedError {
  override readonly name = 'StackError';
}
