/**
 * What callers hand the results repository, and the checks done before anything reaches the database:
 * names are lower-case hyphenated words, hashes are sha256 hex, metric values finite. A bad value is an
 * INVALID_RESULT DatabaseError (a bug or bad input, never worth a retry).
 */
import type { ComputeBackend } from '../prisma/generated/client';
import { DatabaseError } from './db-error';

export interface NewExperiment {
  name: string;
  /** the experiment's validated config (plain JSON data); configHash is the sha256 of its canonical JSON */
  config: object;
  codeVersion: string;
  /** Temporal workflow id; a second call with the same id returns the first row (activity retries) */
  workflowId?: string;
}

export interface NewRun {
  experimentId: string;
  /** step name, lower-case words joined by hyphens, e.g. "simulate-shard" */
  kind: string;
  /** Temporal attempt number, from 1 */
  attempt?: number;
  workerIdentity?: string;
  computeBackend?: ComputeBackend;
  /** step-cache key, sha256 hex */
  stepKey?: string;
}

export interface StoredObject {
  /** sha256 hex of the object's bytes (of the manifest, for a dataset) */
  sha256: string;
  kind: string;
  objectKey: string;
  byteSize: number | bigint;
  /** the run that wrote it; also recorded as a PRODUCED lineage edge */
  producedByRunId?: string;
}

export interface NewMetric {
  runId: string;
  name: string;
  value: number;
  step?: number;
  fold?: number;
}

export type LineageTarget = { datasetId: string } | { artifactId: string };

const SHA256 = /^[0-9a-f]{64}$/;
const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function invalid(what: string, value: unknown, expected: string): never {
  throw new DatabaseError('INVALID_RESULT', `${what} ${JSON.stringify(String(value))} is not ${expected}`);
}

export function checkNewRun(input: NewRun): void {
  if (!NAME.test(input.kind)) invalid('run kind', input.kind, 'a step name like "simulate-shard"');
  if (input.stepKey !== undefined && !SHA256.test(input.stepKey))
    invalid('step key', input.stepKey, 'a sha256 hex string');
  if (input.attempt !== undefined && !(Number.isInteger(input.attempt) && input.attempt >= 1)) {
    invalid('attempt', input.attempt, 'an integer >= 1');
  }
}

export function checkStoredObject(table: 'dataset' | 'artifact', object: StoredObject): void {
  if (!SHA256.test(object.sha256)) invalid(`${table} sha256`, object.sha256, 'a sha256 hex string');
  if (!NAME.test(object.kind)) invalid(`${table} kind`, object.kind, 'a kind name like "training-set"');
}

export function checkNewMetric(input: NewMetric): void {
  if (!Number.isFinite(input.value)) invalid(`metric ${input.name}`, input.value, 'a finite number');
}

export function checkSha256(sha256: string): void {
  if (!SHA256.test(sha256)) invalid('sha256', sha256, 'a sha256 hex string (64 lowercase hex characters)');
}
