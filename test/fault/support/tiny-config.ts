/**
 * The fault suite's one experiment: 3 LGG + 3 HGG subjects of 16x16x4 voxels, the 2CXM fitted, a small
 * QTMnet trained for 8 epochs (about 3,200 steps, a checkpoint every 20) and graded. Training must outlast the
 * heartbeat throttle (0.8 x the 10 s heartbeat timeout) by a margin on a quiet machine, so that a checkpoint
 * reaches Temporal in a heartbeat before training ends and the gpu-kill scenario can kill its worker after it;
 * with 2 epochs a quiet machine finished training first. A short heartbeat timeout and retry interval,
 * so a killed worker or a restarted server costs seconds, not minutes.
 */
import { type ExperimentConfig, experimentConfigSchema } from '../../../contracts/experiment-config';

const tiny = { imaging: { matrix: [16, 16, 4] }, vessels: { terminals: 100 } };

// Parsed by the one schema, so defaults (primary features, permutations) are filled as for a YAML file.
// `epochs` lengthens training for the cancellation scenario, whose cancel must land while training runs.
export const tinyConfig = (name: string, epochs = 8): ExperimentConfig =>
  experimentConfigSchema.parse({
    name,
    aif: { model: 'parker', hct: 0.42, onsetS: 10, frameIntervalS: 5, durationS: 295 },
    cohort: { lgg: 3, hgg: 3, seed: 8100, simulator: tiny },
    fit: { model: '2cxm', fitDelay: true },
    qtmnet: {
      train: {
        simulate: {
          config: tiny,
          seed: 8200,
          subjects: 2,
          patchSize: [4, 4, 3],
          patchesPerSubject: 400,
          tumourFraction: 0.5,
          side: 3,
          samplesPerShard: 1024,
        },
        backend: 'auto',
        network: { kind: 'patch', filters: [8, 8, 8], dense: 8, dropout: 0.1 },
        training: {
          epochs,
          batchSize: 4,
          learningRate: 0.001,
          seed: 8300,
          validationFraction: 0.5,
          checkpointEverySteps: 20,
        },
      },
      infer: { mcSamples: 2, batchSize: 512, seed: 1 },
    },
    grading: { roiLabels: [1], bootstrap: 200, folds: 3, repeats: 2, seed: 1 },
    limits: { stepScheduleToCloseH: 1, heartbeatTimeoutS: 10, retryMaxIntervalS: 5 },
  });
