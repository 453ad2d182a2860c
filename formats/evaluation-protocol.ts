/**
 * Reads an evaluation protocol (experiments/*.yaml, contracts/evaluation-protocol.ts): an error names the
 * file, the key and what it must be.
 */
import { type EvaluationProtocol, evaluationProtocolSchema } from '../contracts/evaluation-protocol';
import { parseChecked } from '../perfusion/schema-check';
import { FormatError } from './format-error';
import { readYamlFile } from './yaml-file';

export function parseEvaluationProtocol(value: unknown, source: string): EvaluationProtocol {
  return parseChecked(
    evaluationProtocolSchema,
    value,
    source,
    'INVALID_PROTOCOL',
    (c, m) => new FormatError(c, m),
  );
}

export function readEvaluationProtocol(path: string): EvaluationProtocol {
  return parseEvaluationProtocol(readYamlFile(path), path);
}
