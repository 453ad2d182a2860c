import type { SimulatedSubject } from '../../../../perfusion/simulate/subject-simulation';
import { subjectTrainingPatches } from '../../../../perfusion/simulate/training-patch-generator';
import { tinyConfig } from './subject-fixtures';

describe('training patch generator', () => {
  it('yields patches whose concentration and truth match the simulated subject voxel for voxel', () => {
    const subjects: SimulatedSubject[] = [];
    const options = {
      config: tinyConfig(),
      seed: 40,
      subjects: 2,
      patchSize: [5, 4, 3] as [number, number, number],
      patchesPerSubject: 3,
      tumourFraction: 0.7,
      onSubject: (_: number, s: SimulatedSubject) => subjects.push(s),
    };
    // Simulated in the opposite order: each subject's patches depend on its own seed only.
    const second = subjectTrainingPatches(options, 1);
    const patches = [...subjectTrainingPatches(options, 0), ...second];
    subjects.reverse();
    expect(patches).toHaveLength(6);
    expect(patches.map((p) => p.grade)).toEqual(['lgg', 'lgg', 'lgg', 'hgg', 'hgg', 'hgg']);
    const p = patches[4];
    const s = subjects[1];
    expect(p.subjectSeed).toBe(41);
    const nt = s.frameTimesS.length;
    const [nx, ny, nz] = s.dims;
    // Voxel (2, 1, 2) of the patch.
    const k = 2 + 5 * (1 + 4 * 2);
    const v = p.origin[0] + 2 + nx * (p.origin[1] + 1 + ny * (p.origin[2] + 2));
    for (let t = 0; t < nt; t++)
      expect(p.concentration[k * nt + t]).toBe(s.concentration[t * nx * ny * nz + v]);
    expect(p.truth.vp[k]).toBe(s.truth.vp[v]);
    expect(p.truth.label[k]).toBe(s.maskTumour[v]);
    expect(patches.some((q) => q.truth.label.some((l) => l === 1))).toBe(true);
    // No patch reaches into the venous sinus (outside the brain mask).
    for (const q of patches) {
      const owner = subjects[q.subjectSeed - 40];
      for (let z = 0; z < 3; z++)
        for (let y = 0; y < 4; y++)
          for (let x = 0; x < 5; x++)
            expect(owner.maskBrain[q.origin[0] + x + nx * (q.origin[1] + y + ny * (q.origin[2] + z))]).toBe(
              1,
            );
    }
    expect(subjects.every((x) => x.maskBrain.includes(0))).toBe(true);
  });

  it('rejects a patch larger than the imaging grid', () => {
    const options = {
      config: tinyConfig(),
      seed: 1,
      subjects: 1,
      patchSize: [64, 4, 3] as [number, number, number],
      patchesPerSubject: 1,
      tumourFraction: 0,
    };
    expect(() => subjectTrainingPatches(options, 0)).toThrow(/patchSize/);
    expect(() => subjectTrainingPatches({ ...options, patchSize: [4, 4, 3] }, 1)).toThrow(
      /subject 1 is not one of the 1 subjects/,
    );
  });
});
