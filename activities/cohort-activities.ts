/**
 * The per-subject activities of the grading pipeline: simulate a subject (or load an imported cohort's),
 * fit a kinetic model, infer with QTMnet. Each moves folders through the object store as datasets (claim
 * checks in, claim checks out), runs the same jobs as the `qtm` commands, and is a cached, recorded step
 * (activities/step-runner.ts). Simulation, fitting and inference run on the worker process's shared
 * thread pool and stop when the activity is cancelled. Training is in training-activities.ts, features
 * and grading in grading-activities.ts.
 */
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import type { FitStepConfig, QtmnetStepConfig } from '../contracts/experiment-config';
import { fitMethodName } from '../contracts/parameter-maps';
import type { ObjectRefDto, StepOutcome } from '../contracts/step-outcomes';
import { resolveSimulationConfig } from '../formats/simulation-config';
import { runFitSubject } from '../jobs/fit-job';
import { runInfer } from '../jobs/infer-job';
import { writeSimulatedSubject } from '../jobs/simulate-job';
import type { SimulationSettings } from '../perfusion/simulate/simulation-config';
import { getFolder, putFolder } from '../storage/dataset-folder';
import { resolveImportedCohort } from '../storage/imported-cohort';
import { StorageError } from '../storage/storage-error';
import { onSharedPool } from './activity-pool';
import { type ActivityDeps, runCachedStep, stepSpec } from './step-runner';
import type { StepKind } from './step-versions';
import { notProvenance, withWorkDir } from './work-dir';

export interface SubjectSpec {
  subject: string;
  grade: 'lgg' | 'hgg';
  /** Simulated subjects only. */
  seed?: number;
}

export function createCohortActivities(deps: ActivityDeps & { tfBackend?: string }) {
  const { store } = deps;
  const step = (
    experimentId: string,
    kind: StepKind,
    config: unknown,
    inputs: string[],
    outputKind: string,
  ) => stepSpec(experimentId, kind, config, inputs, { table: 'dataset', kind: outputKind });
  return {
    async simulateSubject(input: {
      experimentId: string;
      spec: Required<SubjectSpec>;
      simulator: SimulationSettings;
    }): Promise<StepOutcome> {
      const config = resolveSimulationConfig(input.simulator, 'experiment config cohort.simulator');
      const { grade, seed } = input.spec;
      return runCachedStep(
        deps,
        step(
          input.experimentId,
          'simulate-subject',
          { grade, seed, simulator: input.simulator },
          [],
          'subject',
        ),
        () =>
          withWorkDir('simulate', async (dir) => {
            // On a worker thread: the simulation takes seconds to minutes, and the activity must keep heartbeating.
            const [s] = await onSharedPool((pool, signal, progress) =>
              pool.run('simulateSubject', [{ config, grade, seed }], {
                offMainThread: true,
                signal,
                onProgress: (done) => progress({ done, of: 1000 }),
              }),
            );
            // provenance.json is part of the subject-folder contract; without timestamps it is the same bytes each time.
            writeSimulatedSubject(dir, s, config, { experiment_id: input.experimentId });
            return (await putFolder(store, 'subject', dir, { grade, seed })).ref;
          }),
      );
    },

    /**
     * The subjects of a cohort uploaded by `qtm import` (by name or sha256), recorded as used by this
     * experiment so that its results trace back to the import run. Checks the cohort suits the grading folds.
     */
    async loadImportedCohort(input: {
      experimentId: string;
      dataset: string;
      folds: number;
    }): Promise<{ sha256: string; subjects: Array<SubjectSpec & { data: StepOutcome }> }> {
      const found = await resolveImportedCohort(store, deps.results, input.dataset);
      for (const grade of ['lgg', 'hgg'] as const) {
        const n = found.cohort.subjects.filter((s) => s.grade === grade).length;
        if (n - Math.ceil(n / input.folds) < 2)
          throw new StorageError(
            'COHORT_TOO_SMALL',
            `imported cohort ${input.dataset} has ${n} ${grade.toUpperCase()} subjects; ${input.folds}-fold CV leaves fewer than 2 in a training part`,
          );
      }
      const info = Context.current().info;
      const run = await deps.results.startRun({
        experimentId: input.experimentId,
        kind: 'load-imported-cohort',
        attempt: info.attempt,
        workerIdentity: deps.workerIdentity,
      });
      await deps.results.addLineage(run.id, 'USED', { datasetId: found.datasetId });
      await deps.results.finishRun(run.id);
      return {
        sha256: found.sha256,
        subjects: found.cohort.subjects.map((s) => ({
          subject: s.subject,
          grade: s.grade,
          data: { runId: run.id, cached: false, output: s.data },
        })),
      };
    },

    /** Fits one model with one AIF (docs/science.md section 3.5) in the tumour; returns the maps and their method name. */
    async fitSubject(input: {
      experimentId: string;
      subject: ObjectRefDto;
      fit: FitStepConfig;
    }): Promise<StepOutcome & { method: string }> {
      const method = fitMethodName(input.fit.model, input.fit.aif);
      const outcome = await runCachedStep(
        deps,
        step(input.experimentId, `fit-${input.fit.model}`, input.fit, [input.subject.sha256], 'maps'),
        () =>
          withWorkDir('fit', async (dir) => {
            await getFolder(store, input.subject.sha256, dir);
            const { dir: mapsDir } = await onSharedPool((pool, signal, progress) =>
              runFitSubject({
                model: input.fit.model,
                aif: input.fit.aif,
                subject: dir,
                mask: 'tumour',
                fitDelay: input.fit.fitDelay,
                pool,
                signal,
                onProgress: (done, total) => progress({ done, total }),
              }),
            );
            return (await putFolder(store, 'maps', mapsDir, { method }, notProvenance)).ref;
          }),
      );
      return { ...outcome, method };
    },

    async inferSubject(input: {
      experimentId: string;
      model: ObjectRefDto;
      subject: ObjectRefDto;
      qtmnet: QtmnetStepConfig;
    }): Promise<StepOutcome> {
      return runCachedStep(
        deps,
        step(
          input.experimentId,
          'infer-qtmnet',
          input.qtmnet.infer,
          [input.model.sha256, input.subject.sha256],
          'maps',
        ),
        () =>
          withWorkDir('infer', async (dir) => {
            await getFolder(store, input.model.sha256, join(dir, 'model'));
            await getFolder(store, input.subject.sha256, join(dir, 'subject'));
            const out = join(dir, 'maps');
            await onSharedPool((pool, signal, progress) =>
              runInfer({
                model: join(dir, 'model'),
                input: join(dir, 'subject'),
                out,
                ...input.qtmnet.infer,
                backendOverride: deps.tfBackend,
                log: (line) => progress({ line }),
                pool,
                signal,
              }),
            );
            return (await putFolder(store, 'maps', out, { method: 'qtmnet' }, notProvenance)).ref;
          }),
      );
    },
  };
}

export type CohortActivities = ReturnType<typeof createCohortActivities>;
