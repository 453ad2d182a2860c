/**
 * One subject of a simulated QTMnet training set as a pool task (compute/pool-tasks.ts): simulated, cut into
 * patches and turned into samples on a worker thread, so the seconds to minutes a subject takes never hold
 * the caller's event loop. Subjects are independent (each has its own seed), so a pool simulates several at
 * once and the caller puts their samples together in subject order.
 */
import type { SimulatedDatasetSettings } from '../contracts/training-config';
import { scaledConcentration, subjectInputFactor } from '../perfusion/qtmnet/input-scale';
import type { PatchSample, PatchShape } from '../perfusion/qtmnet/patch-layout';
import { samplesFromSimulatedPatch } from '../perfusion/qtmnet/simulator-samples';
import type { SimulationConfig } from '../perfusion/simulate/simulation-config';
import { subjectTrainingPatches } from '../perfusion/simulate/training-patch-generator';

export interface TrainingSubjectRequest {
  settings: SimulatedDatasetSettings;
  /** `settings.config` resolved over the simulator's defaults (formats/simulation-config.ts) */
  config: SimulationConfig;
  shape: PatchShape;
  /** index k of the subject: seed `settings.seed + k` */
  subject: number;
}

export function trainingSubjectSamples(r: TrainingSubjectRequest): PatchSample[] {
  const { settings } = r;
  let factor = 1;
  const patches = subjectTrainingPatches(
    {
      config: r.config,
      seed: settings.seed,
      subjects: settings.subjects,
      patchSize: settings.patchSize,
      patchesPerSubject: settings.patchesPerSubject,
      tumourFraction: settings.tumourFraction,
      onSubject: (_, s) => {
        factor = subjectInputFactor(
          settings.inputScale,
          { tS: s.frameTimesS, c: s.vofMeasured },
          `simulated subject seed ${s.seed}`,
        );
      },
    },
    r.subject,
  );
  return patches.flatMap((p) =>
    samplesFromSimulatedPatch({ ...p, concentration: scaledConcentration(p.concentration, factor) }, r.shape),
  );
}
