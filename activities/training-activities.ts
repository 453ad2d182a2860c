/**
 * QTMnet's training as two cached steps. The training input: the simulated training set, simulated subject
 * by subject on the worker process's shared pool and stored as a patch-shard dataset, so a retried or
 * re-run training downloads it instead of simulating again. The training: the model folder, with every
 * checkpoint stored by hash and recorded in PostgreSQL under the step's key (storage/recorded-checkpoint-
 * store.ts), so an attempt on any worker, or a later workflow running the same step, resumes from the newest
 * one; heartbeats carry it too, as progress. Superseded checkpoints are removed as training goes, and all of
 * a step's once its model is recorded.
 */
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import type { QtmnetStepConfig } from '../contracts/experiment-config';
import type { ObjectRefDto, StepOutcome } from '../contracts/step-outcomes';
import type { SimulatedDatasetSettings } from '../contracts/training-config';
import { runTrain } from '../jobs/train-job';
import { simulateTrainingInput } from '../jobs/training-input-job';
import { describeBackend, type RecordedBackend } from '../perfusion/qtmnet/backend';
import { getFolder, putFolder } from '../storage/dataset-folder';
import { getManifest, getShard } from '../storage/dataset-manifest';
import { RecordedCheckpointStore, retireCheckpoints } from '../storage/recorded-checkpoint-store';
import { reportProgress } from './activity-heartbeat';
import { onSharedPool } from './activity-pool';
import { type ActivityDeps, runCachedStep, stepKeyOf, stepSpec } from './step-runner';
import { notProvenance, withWorkDir } from './work-dir';

export function createTrainingActivities(deps: ActivityDeps & { tfBackend?: string }) {
  const { store, results } = deps;
  return {
    async trainingInput(input: {
      experimentId: string;
      simulate: SimulatedDatasetSettings;
    }): Promise<StepOutcome> {
      const spec = stepSpec(input.experimentId, 'training-input', input.simulate, [], {
        table: 'dataset',
        kind: 'patch-shards',
      });
      return runCachedStep(deps, spec, () =>
        withWorkDir('training-input', async (dir) => {
          await onSharedPool((pool, signal, progress) =>
            simulateTrainingInput({
              dir,
              settings: input.simulate,
              pool,
              signal,
              onProgress: (done, total) => progress({ done, total }),
            }),
          );
          return (await putFolder(store, 'patch-shards', dir)).ref;
        }),
      );
    },

    async trainQtmnet(input: {
      experimentId: string;
      qtmnet: QtmnetStepConfig;
      /** the training-input step's dataset */
      data: ObjectRefDto;
    }): Promise<StepOutcome & { backend: string; validationLoss: number }> {
      const ctx = Context.current();
      const spec = stepSpec(input.experimentId, 'train-qtmnet', input.qtmnet.train, [input.data.sha256], {
        table: 'dataset',
        kind: 'qtmnet-model',
      });
      let backend = '';
      let validationLoss = Number.NaN;
      const outcome = await runCachedStep(deps, spec, (runId, stepKey) =>
        withWorkDir('train', async (dir) => {
          const dataDir = join(dir, 'data');
          await getFolder(store, input.data.sha256, dataDir);
          let last: { step: number; checkpoint?: string } = { step: 0 };
          const checkpoints = new RecordedCheckpointStore(store, results, { stepKey, runId }, (s, sha256) => {
            last = { step: s, checkpoint: sha256 };
            reportProgress(last, ctx);
          });
          // The data is the training-input step's: nothing to simulate here.
          const { simulate: _simulated, ...recipe } = input.qtmnet.train;
          const result = await runTrain({
            recipe,
            dataDir,
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
            await results.recordMetric({ runId, name: 'resumed_from_step', value: result.resumedFromStep });
          if (Number.isFinite(validationLoss))
            await results.recordMetric({
              runId,
              name: 'validation_loss',
              value: validationLoss,
              step: result.steps,
            });
          return (await putFolder(store, 'qtmnet-model', join(dir, 'model'), {}, notProvenance)).ref;
        }),
      );
      // The model is recorded: a re-run of this step is a cache hit, so none of its checkpoints is needed.
      await retireCheckpoints(store, results, stepKeyOf(spec), 0);
      if (outcome.cached) {
        const manifest = await getManifest(store, outcome.output.sha256);
        const meta = JSON.parse((await getShard(store, manifest, 'metadata.json')).toString('utf8')) as {
          backend?: RecordedBackend;
          training?: { history?: Array<{ validationLoss: number }> };
        };
        backend = meta.backend ? describeBackend(meta.backend) : 'unknown';
        validationLoss = meta.training?.history?.at(-1)?.validationLoss ?? Number.NaN;
      }
      return { ...outcome, backend, validationLoss };
    },
  };
}

export type TrainingActivities = ReturnType<typeof createTrainingActivities>;
