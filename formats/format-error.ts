/** A file at the edge (CSV, NIfTI, YAML, subject folder) is malformed; the message names the file and the fix. */
import { CodedError } from '../perfusion/errors';

export class FormatError extends CodedError {
  override readonly name = 'FormatError';
}
