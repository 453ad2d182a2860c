/**
 * Training data for QTMnet: the patches of one simulated subject of a training set (alternating or given
 * grades, seeds seed, seed + 1, ...), so that threads simulate subjects side by side: patches of concentration with per-voxel ground truth
 * (TrainingPatch; the kinetic truth, truth-maps.ts). A share of patches is centred in the tumour, so
 * tumour-like morphology is well covered. Patches lie inside the brain mask (the venous sinus is no tissue),
 * except a patch as large as the whole imaging matrix (the 3D U-Net's whole-subject samples), which holds the
 * sinus voxels too; their truth is that of no tissue (zero flow and volumes).
 */

import { PerfusionInputError } from '../errors';
import { createSeededRandom } from '../random/seeded-random';
import type { SimulationConfig } from './simulation-config';
import { type Grade, type SimulatedSubject, simulateSubject } from './subject-simulation';
import type { TrainingPatch } from './training-patch';

export interface TrainingPatchOptions {
  config: SimulationConfig;
  /** Seed of the first subject; subject k uses seed + k. */
  seed: number;
  subjects: number;
  /** Patch size in imaging voxels. */
  patchSize: [number, number, number];
  patchesPerSubject: number;
  /** Fraction of patches centred on a tumour voxel (enhancing or necrosis), 0..1. */
  tumourFraction: number;
  /** Grades to cycle through (default lgg, hgg). */
  grades?: Grade[];
  /** Use the noise-free concentration instead of the one converted from the noisy signal (default false). */
  noiseFree?: boolean;
  onSubject?: (index: number, subject: SimulatedSubject) => void;
}

/** Draws per patch before giving up on finding one inside the brain mask. */
const MAX_PATCH_TRIES = 1000;

/** True when every voxel of the patch at `origin` (imaging voxels) is in the subject's brain mask. */
function insideBrain(s: SimulatedSubject, origin: number[], size: [number, number, number]): boolean {
  const [nx, ny] = s.dims;
  for (let z = 0; z < size[2]; z++)
    for (let y = 0; y < size[1]; y++)
      for (let x = 0; x < size[0]; x++)
        if (!s.maskBrain[origin[0] + x + nx * (origin[1] + y + ny * (origin[2] + z))]) return false;
  return true;
}

/**
 * The patches of subject k (seed `seed + k`, grades cycling). Each subject draws its patches from a
 * generator of its own seed, so subjects can be simulated apart (on several threads) and put together in
 * order, with the same result as one after another.
 */
export function subjectTrainingPatches(o: TrainingPatchOptions, k: number): TrainingPatch[] {
  checkPatchOptions(o);
  if (!Number.isInteger(k) || k < 0 || k >= o.subjects)
    throw new PerfusionInputError('INVALID_CONFIG', `subject ${k} is not one of the ${o.subjects} subjects`);
  const grades = o.grades ?? ['lgg', 'hgg'];
  const dims = o.config.imaging.matrix;
  const wholeSubject = o.patchSize.every((p, d) => p === dims[d]);
  const seed = o.seed + k;
  const s = simulateSubject(o.config, grades[k % grades.length], seed);
  o.onSubject?.(k, s);
  const rng = createSeededRandom(seed ^ 0x5f3759df);
  const tumour = [...s.maskTumour.keys()].filter(
    (v) => s.maskBrain[v] && (s.maskTumour[v] === 1 || s.maskTumour[v] === 2),
  );
  // A centred patch is centred on one tumour voxel (all three coordinates from the same voxel).
  const draw = (centred: boolean) => {
    const v = centred ? tumour[rng.nextInt(tumour.length)] : -1;
    const centre = [v % dims[0], Math.floor(v / dims[0]) % dims[1], Math.floor(v / (dims[0] * dims[1]))];
    return o.patchSize.map((p, d) => {
      const span = dims[d] - p;
      return centred ? Math.min(span, Math.max(0, centre[d] - Math.floor(p / 2))) : rng.nextInt(span + 1);
    }) as [number, number, number];
  };
  const patches: TrainingPatch[] = [];
  for (let n = 0; n < o.patchesPerSubject; n++) {
    const centred = tumour.length > 0 && rng.next() < o.tumourFraction;
    let origin = draw(centred);
    for (let tries = 1; !wholeSubject && !insideBrain(s, origin, o.patchSize); tries++) {
      if (tries === MAX_PATCH_TRIES)
        throw new PerfusionInputError(
          'INVALID_CONFIG',
          `patchSize ${o.patchSize.join('x')}: no patch of ${MAX_PATCH_TRIES} drawn in subject seed ${seed} lies inside the brain mask; use a smaller patch`,
        );
      origin = draw(centred);
    }
    patches.push(extractPatch(s, origin, o.patchSize, o.noiseFree ?? false));
  }
  return patches;
}

function checkPatchOptions(o: TrainingPatchOptions): void {
  const dims = o.config.imaging.matrix;
  if (o.patchSize.some((p, d) => !Number.isInteger(p) || p < 1 || p > dims[d])) {
    throw new PerfusionInputError(
      'INVALID_CONFIG',
      `patchSize ${o.patchSize.join('x')} must be positive integers no larger than imaging.matrix ${dims.join('x')}`,
    );
  }
  if (!(o.tumourFraction >= 0 && o.tumourFraction <= 1))
    throw new PerfusionInputError('INVALID_CONFIG', 'tumourFraction must be in [0, 1]');
}

/** Cuts a patch at `origin` (imaging voxels) out of a simulated subject; time fastest in the concentration. */
export function extractPatch(
  s: SimulatedSubject,
  origin: [number, number, number],
  size: [number, number, number],
  noiseFree: boolean,
): TrainingPatch {
  const [nx, ny] = s.dims;
  const nImg = s.dims[0] * s.dims[1] * s.dims[2];
  const nt = s.frameTimesS.length;
  const [px, py, pz] = size;
  const source = noiseFree ? s.concentrationTrue : s.concentration;
  const count = px * py * pz;
  const concentration = new Float32Array(count * nt);
  const pick = (a: Float32Array | Uint8Array) => {
    const out = a instanceof Uint8Array ? new Uint8Array(count) : new Float32Array(count);
    for (let z = 0, k = 0; z < pz; z++)
      for (let y = 0; y < py; y++)
        for (let x = 0; x < px; x++, k++)
          out[k] = a[origin[0] + x + nx * (origin[1] + y + ny * (origin[2] + z))];
    return out;
  };
  for (let z = 0, k = 0; z < pz; z++) {
    for (let y = 0; y < py; y++) {
      for (let x = 0; x < px; x++, k++) {
        const v = origin[0] + x + nx * (origin[1] + y + ny * (origin[2] + z));
        for (let t = 0; t < nt; t++) concentration[k * nt + t] = source[t * nImg + v];
      }
    }
  }
  const t = s.truth;
  return {
    size: [px, py, pz],
    frameTimesS: Float64Array.from(s.frameTimesS),
    concentration,
    truth: {
      speedMmS: pick(t.speedMmS) as Float32Array,
      fpPerS: pick(t.fpPerS) as Float32Array,
      psPerS: pick(t.psPerS) as Float32Array,
      vp: pick(t.vp) as Float32Array,
      ve: pick(t.ve) as Float32Array,
      ktransPerS: pick(t.ktransPerS) as Float32Array,
      label: pick(s.maskTumour) as Uint8Array,
    },
    voxelSizeMm: [...s.voxelSizeMm],
    grade: s.grade,
    subjectSeed: s.seed,
    origin,
  };
}
