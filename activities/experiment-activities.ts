/**
 * The experiment's activities, built from injected clients (the worker passes the real object store and
 * results repository; tests pass the same against the real stack). Each is a thin adapter: validate, call
 * perfusion/, store by hash, record rows, return a claim check.
 */
import { Context } from '@temporalio/activity';
import type { AifStepConfig, ExperimentConfig } from '../contracts/experiment-config';
import type { StepOutcome } from '../contracts/step-outcomes';
import { formatCsv } from '../formats/csv';
import { georgiouBloodAif } from '../perfusion/aif/georgiou-aif';
import { bloodToPlasma, parkerPlasmaAif } from '../perfusion/aif/parker-aif';
import { describeBackend, parseBackendName, selectBackend } from '../perfusion/qtmnet/backend';
import { codeVersion } from '../runtime/code-version';
import { putDataset } from '../storage/dataset-manifest';
import { type ActivityDeps, runCachedStep } from './step-runner';

const BACKEND_ENUM = { tensorflow: 'TFJS_TENSORFLOW', wasm: 'TFJS_WASM', cpu: 'TFJS_CPU' } as const;

export function createExperimentActivities(deps: ActivityDeps & { tfBackend?: string }) {
  const { results } = deps;
  return {
    async startExperiment(input: {
      config: ExperimentConfig;
      workflowId: string;
    }): Promise<{ experimentId: string; codeVersion: string }> {
      const row = await results.createExperiment({
        name: input.config.name,
        config: input.config as never,
        codeVersion: codeVersion(),
        workflowId: input.workflowId,
      });
      return { experimentId: row.id, codeVersion: row.codeVersion };
    },

    async finishExperiment(input: {
      experimentId: string;
      status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
      errorMessage?: string;
    }): Promise<void> {
      await results.finishExperiment(input.experimentId, input.status);
      if (input.errorMessage)
        deps.logger.error(
          { experimentId: input.experimentId, error: input.errorMessage },
          'experiment failed',
        );
    },

    /** The population AIF on the protocol's time grid, stored as a one-shard dataset (CSV t_s,cp_mM). */
    async computeAifDataset(input: {
      experimentId: string;
      aif: AifStepConfig;
    }): Promise<StepOutcome & { peakPlasmaMm: number; peakTimeS: number }> {
      const curve = plasmaAif(input.aif);
      const outcome = await runCachedStep(
        deps,
        {
          experimentId: input.experimentId,
          kind: `${input.aif.model}-aif`,
          config: input.aif,
          inputs: [],
          output: { table: 'dataset', kind: 'aif' },
        },
        async () => {
          const csv = formatCsv(
            ['t_s', 'cp_mM'],
            Array.from(curve.t, (t, i) => [t, curve.cp[i]]),
          );
          return (
            await putDataset(deps.store, 'aif', [{ name: 'aif.csv', data: Buffer.from(csv) }], {
              ...input.aif,
            })
          ).ref;
        },
      );
      let peak = 0;
      for (let i = 1; i < curve.cp.length; i++) if (curve.cp[i] > curve.cp[peak]) peak = i;
      return { ...outcome, peakPlasmaMm: curve.cp[peak], peakTimeS: curve.t[peak] };
    },

    /** Which tfjs backend this worker computes with, recorded as a run (so results say where they ran). */
    async probeComputeBackend(input: { experimentId: string }): Promise<{ name: string; runId: string }> {
      const info = Context.current().info;
      const backend = await selectBackend(parseBackendName(deps.tfBackend));
      const run = await results.startRun({
        experimentId: input.experimentId,
        kind: 'compute-backend-probe',
        attempt: info.attempt,
        workerIdentity: deps.workerIdentity,
        computeBackend: BACKEND_ENUM[backend.name],
      });
      await results.finishRun(run.id);
      return { name: describeBackend(backend), runId: run.id };
    },
  };
}

export type ExperimentActivities = ReturnType<typeof createExperimentActivities>;

function plasmaAif(cfg: AifStepConfig): { t: Float64Array; cp: Float64Array } {
  const n = Math.floor(cfg.durationS / cfg.frameIntervalS) + 1;
  const t = Float64Array.from({ length: n }, (_, i) => i * cfg.frameIntervalS);
  const cp =
    cfg.model === 'parker'
      ? parkerPlasmaAif(t, { onsetS: cfg.onsetS, hct: cfg.hct })
      : bloodToPlasma(georgiouBloodAif(t, { onsetS: cfg.onsetS }), cfg.hct);
  return { t, cp };
}
