/**
 * Activities of the grading pipeline: simulate a subject, fit a kinetic model, train QTMnet, infer with it,
 * grade the cohort. Each moves folders through the object store as datasets (claim checks in, claim checks
 * out), runs the same jobs as the `qtm` commands, and is a cached, recorded step (activities/step-runner.ts).
 * Simulation, fitting and inference run on the worker process's shared thread pool and stop when the
 * activity is cancelled; training heartbeats every checkpoint so a retry on any worker resumes from it.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import type { FitStepConfig, GradingStepConfig, QtmnetStepConfig } from '../contracts/experiment-config';
import { fitMethodName } from '../contracts/parameter-maps';
import type { GradingOutcome, GradingSummary, ObjectRefDto, StepOutcome } from '../contracts/step-outcomes';
import { checkSubjectName, writeLabels } from '../formats/cohort-labels';
import { resolveSimulationConfig } from '../formats/simulation-config';
import { runFitSubject } from '../jobs/fit-job';
import { gradeCohortFolder } from '../jobs/grade-cohort-job';
import { runInfer } from '../jobs/infer-job';
import { writeSimulatedSubject } from '../jobs/simulate-job';
import { runTrain } from '../jobs/train-job';
import { describeBackend, type RecordedBackend } from '../perfusion/qtmnet/backend';
import type { SimulationSettings } from '../perfusion/simulate/simulation-config';
import { getFolder, putFolder } from '../storage/dataset-folder';
import { resolveImportedCohort } from '../storage/imported-cohort';
import { ObjectCheckpointStore } from '../storage/object-checkpoint-store';
import { StorageError } from '../storage/storage-error';
import { reportProgress } from './activity-heartbeat';
import { onSharedPool } from './activity-pool';
import { type ActivityDeps, runCachedStep } from './step-runner';
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
  ) => ({
    experimentId,
    kind,
    config,
    inputs,
    output: { table: 'dataset' as const, kind: outputKind },
  });
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

    /** Simulates its training set, trains, and stores the model folder; resumes from the last heartbeat's checkpoint. */
    async trainQtmnet(input: {
      experimentId: string;
      qtmnet: QtmnetStepConfig;
    }): Promise<StepOutcome & { backend: string; validationLoss: number }> {
      const ctx = Context.current();
      const resumeFrom = (ctx.info.heartbeatDetails as { checkpoint?: string } | undefined)?.checkpoint;
      let backend = '';
      let validationLoss = Number.NaN;
      const outcome = await runCachedStep(
        deps,
        step(input.experimentId, 'train-qtmnet', input.qtmnet.train, [], 'qtmnet-model'),
        (runId) =>
          withWorkDir('train', async (dir) => {
            let last = { step: 0, checkpoint: resumeFrom };
            const checkpoints = new ObjectCheckpointStore(store, resumeFrom, (s, sha256) => {
              last = { step: s, checkpoint: sha256 };
              reportProgress(last, ctx);
            });
            const result = await runTrain({
              recipe: input.qtmnet.train,
              dataDir: join(dir, 'data'),
              out: join(dir, 'model'),
              backendOverride: deps.tfBackend,
              checkpoints,
              // A superseded or cancelled attempt stops at its next step instead of training on unseen.
              signal: ctx.cancellationSignal,
              log: (line) => {
                deps.logger.info({ step: 'train-qtmnet' }, line);
                reportProgress(last, ctx);
              },
            });
            backend = describeBackend(result.backend);
            validationLoss = result.validationLoss;
            if (result.resumedFromStep !== undefined)
              await deps.results.recordMetric({
                runId,
                name: 'resumed_from_step',
                value: result.resumedFromStep,
              });
            if (Number.isFinite(validationLoss))
              await deps.results.recordMetric({
                runId,
                name: 'validation_loss',
                value: validationLoss,
                step: result.steps,
              });
            return (await putFolder(store, 'qtmnet-model', join(dir, 'model'), {}, notProvenance)).ref;
          }),
      );
      if (outcome.cached) {
        const meta = await withWorkDir('model', async (dir) => {
          await getFolder(store, outcome.output.sha256, dir);
          return JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')) as {
            backend?: RecordedBackend;
            training?: { history?: Array<{ validationLoss: number }> };
          };
        });
        backend = meta.backend ? describeBackend(meta.backend) : 'unknown';
        validationLoss = meta.training?.history?.at(-1)?.validationLoss ?? Number.NaN;
      }
      return { ...outcome, backend, validationLoss };
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

    /** Features of every method's maps in the tumour ROI, ROC/AUC with intervals, CV, and the HTML report. */
    async gradeCohort(input: {
      experimentId: string;
      subjects: Array<SubjectSpec & { data: ObjectRefDto; maps: Record<string, ObjectRefDto> }>;
      grading: GradingStepConfig;
      title: string;
    }): Promise<GradingOutcome> {
      const inputs = input.subjects.flatMap((s) => [
        s.data.sha256,
        ...Object.values(s.maps).map((m) => m.sha256),
      ]);
      let outcome: StepOutcome | undefined;
      const summary = await withWorkDir('grade', async (dir) => {
        outcome = await runCachedStep(
          deps,
          step(input.experimentId, 'grade-cohort', input.grading, inputs, 'report'),
          async (runId) => {
            const cohort = join(dir, 'cohort');
            for (const s of input.subjects) {
              checkSubjectName(s.subject, `gradeCohort input, subject ${s.data.sha256.slice(0, 12)}`);
              await getFolder(store, s.data.sha256, join(cohort, s.subject));
              for (const [method, ref] of Object.entries(s.maps))
                await getFolder(store, ref.sha256, join(cohort, s.subject, 'maps', method));
            }
            writeLabels(
              cohort,
              input.subjects.map((s) => ({ subject: s.subject, grade: s.grade })),
            );
            const reportDir = join(dir, 'report');
            mkdirSync(reportDir, { recursive: true });
            const graded = await gradeCohortFolder(cohort, reportDir, {
              ...input.grading,
              methods: Object.keys(input.subjects[0]?.maps ?? {}),
              title: input.title,
            });
            for (const { name, value } of gradingMetrics(graded))
              await deps.results.recordMetric({ runId, name, value });
            return (await putFolder(store, 'report', reportDir)).ref;
          },
        );
        await getFolder(store, outcome.output.sha256, join(dir, 'fetched'));
        return JSON.parse(readFileSync(join(dir, 'fetched', 'summary.json'), 'utf8')) as GradingSummary;
      });
      return { ...(outcome as StepOutcome), ...summary };
    },
  };
}

/**
 * Metric rows of a grading: every feature's AUC (`auc:<feature>`), the primary features' AUCs and paired
 * DeLong p, each method's nested-CV AUC and its p against chance, and the permutation p and AUC difference
 * between methods.
 */
function gradingMetrics(g: GradingSummary): Array<{ name: string; value: number }> {
  return [
    ...g.aucs.map((a) => ({ name: `auc:${a.feature}`, value: a.auc })),
    ...g.primary.map((a) => ({ name: `primary_auc:${a.method}`, value: a.auc })),
    ...g.primaryTests.map((t) => ({ name: `primary_delong_p:${t.a}-vs-${t.b}`, value: t.p })),
    ...g.nestedCv.flatMap((m) => [
      { name: `nested_cv_auc:${m.method}`, value: m.auc },
      { name: `nested_cv_chance_p:${m.method}`, value: m.chanceP },
    ]),
    ...g.permutationTests.flatMap((t) => [
      { name: `nested_cv_auc_difference:${t.a}-vs-${t.b}`, value: t.difference },
      { name: `permutation_p:${t.a}-vs-${t.b}`, value: t.p },
    ]),
  ];
}

export type CohortActivities = ReturnType<typeof createCohortActivities>;
