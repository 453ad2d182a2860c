/**
 * Runs one cached, recorded step inside an activity. The step key is the hash of (step name, step code
 * version, canonical step config, input hashes); when a succeeded run with that key produced an object that
 * is still in the store, the step is skipped and the object reused. Otherwise a Run row is opened (attempt
 * and worker identity from Temporal) with its inputs recorded as used, the work runs, its output is stored by
 * hash first and recorded second, and the run is closed, as succeeded or failed with the error's code
 * (activity-failure.ts) or CANCELLED.
 */
import { CancelledFailure, Context } from '@temporalio/activity';
import type { StepOutcome } from '../contracts/step-outcomes';
import type { Logger } from '../runtime/logger';
import { hashOf } from '../storage/canonical-json';
import type { ContentAddressedStore, ObjectRef } from '../storage/content-addressed-store';
import { objectKey } from '../storage/object-keys';
import type { ResultsRepository } from '../storage/results-repository';
import { classifyFailure } from './activity-failure';
import { STEP_VERSIONS, type StepKind } from './step-versions';

export interface ActivityDeps {
  store: ContentAddressedStore;
  results: ResultsRepository;
  logger: Logger;
  /** "<queue>@<host>:<pid>", recorded on every run */
  workerIdentity: string;
}

export interface StepSpec {
  experimentId: string;
  /** step name, e.g. "parker-aif"; its code version comes from STEP_VERSIONS */
  kind: StepKind;
  config: unknown;
  inputs: string[];
  /** what the output is recorded as */
  output: { table: 'dataset' | 'artifact'; kind: string };
}

/** A step's spec from its parts (the output's table and kind last). */
export function stepSpec(
  experimentId: string,
  kind: StepKind,
  config: unknown,
  inputs: string[],
  output: StepSpec['output'],
): StepSpec {
  return { experimentId, kind, config, inputs, output };
}

/** The step-cache key of a step: what its Run rows (and a training step's checkpoints) are filed under. */
export function stepKeyOf(spec: StepSpec): string {
  return hashOf({
    step: spec.kind,
    version: STEP_VERSIONS[spec.kind],
    config: spec.config,
    inputs: spec.inputs,
  });
}

export async function runCachedStep(
  deps: ActivityDeps,
  spec: StepSpec,
  compute: (runId: string, stepKey: string) => Promise<ObjectRef>,
): Promise<StepOutcome> {
  const { results, store } = deps;
  const info = Context.current().info;
  const stepKey = stepKeyOf(spec);
  const previous = await results.findRunByStepKey(stepKey);
  const previousOutput = previous && [...previous.datasets, ...previous.artifacts][0];
  const identity = {
    experimentId: spec.experimentId,
    kind: spec.kind,
    attempt: info.attempt,
    workerIdentity: deps.workerIdentity,
    stepKey,
  };
  if (previousOutput && (await store.exists(previousOutput.sha256))) {
    const run = await results.startRun(identity);
    await results.recordInputs(run.id, spec.inputs);
    const target =
      spec.output.table === 'dataset' ? { datasetId: previousOutput.id } : { artifactId: previousOutput.id };
    await results.addLineage(run.id, 'USED', target);
    await results.finishRun(run.id);
    deps.logger.info({ step: spec.kind, stepKey, sha256: previousOutput.sha256 }, 'step cache hit');
    return {
      runId: run.id,
      cached: true,
      output: store.ref(previousOutput.sha256, Number(previousOutput.byteSize)),
    };
  }
  if (info.attempt > 1) await results.abandonEarlierAttempts(spec.experimentId, stepKey, info.attempt);
  const run = await results.startRun(identity);
  await results.recordInputs(run.id, spec.inputs);
  try {
    const ref = await compute(run.id, stepKey);
    const object = {
      sha256: ref.sha256,
      kind: spec.output.kind,
      objectKey: objectKey(ref.sha256),
      byteSize: ref.bytes,
      producedByRunId: run.id,
    };
    if (spec.output.table === 'dataset') await results.recordDataset(object);
    else await results.recordArtifact(object);
    await results.finishRun(run.id);
    return { runId: run.id, cached: false, output: ref };
  } catch (err) {
    // Recorded as well as the database allows: when it is the fault, the next attempt closes this run.
    const cancelled = Context.current().cancellationSignal.aborted || err instanceof CancelledFailure;
    await results
      .failRun(run.id, {
        code: cancelled ? 'CANCELLED' : classifyFailure(err).code,
        message: (err as Error).message ?? String(err),
      })
      .catch(() => undefined);
    throw err;
  }
}
