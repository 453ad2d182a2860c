/** The run that the kill-and-resume test trains in a child process and again, uninterrupted, in the test. */
import { FolderCheckpointStore } from '../../../../formats/checkpoint-folder';
import { selectBackend } from '../../../../perfusion/qtmnet/backend';
import { trainQtmnet } from '../../../../perfusion/qtmnet/training-loop';
import type { TrainingSettings } from '../../../../perfusion/qtmnet/training-settings';
import { arbitraryPatchSource } from './arbitrary-patch-source';
import { testBackend } from './test-backend';

export const resumeSettings: TrainingSettings = {
  network: { kind: 'patch', filters: [4, 4, 4], dense: 8, dropout: 0.2 },
  epochs: 3,
  batchSize: 4,
  learningRate: 1e-2,
  seed: 21,
  validationFraction: 0.25,
  checkpointEverySteps: 2,
};

export const resumeSource = () => arbitraryPatchSource({ frames: 12, side: 3 }, 4, 5, 3);

/** Child entry: trains into `dir`, slowed to ~80 ms per step so the parent can kill it mid-run. */
export async function trainInChild(dir: string): Promise<void> {
  await selectBackend(testBackend);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  await trainQtmnet({
    settings: resumeSettings,
    source: resumeSource(),
    checkpoints: new FolderCheckpointStore(dir),
    beforeStep: () => Atomics.wait(pause, 0, 0, 80),
  });
}

if (require.main === module) void trainInChild(process.argv[2]);
