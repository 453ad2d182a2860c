/**
 * Turns the simulator's training patches (perfusion/simulate/training-patch.ts: a px x py x pz block, time
 * fastest, |u| in mm/s) into QTMnet samples, concentration re-laid as [frame][voxel], labels in SI (|u|
 * converted to m/s): for a cube shape one sample per voxel whose whole n^3 neighbourhood lies inside the
 * block; for a block shape the whole patch as one sample (a whole subject when the patch is the whole
 * imaging grid). The simulated subject (its seed) names the sample's subject, so the train/validation split
 * keeps subjects apart.
 */
import { PerfusionInputError } from '../errors';
import type { TrainingPatch as SimulatedPatch } from '../simulate/training-patch';
import { PARAMETER_COUNT } from './parameter-scales';
import {
  type BlockShape,
  type CubeShape,
  checkPatchShape,
  type PatchSample,
  type PatchShape,
  voxelsPerPatch,
} from './patch-layout';

const MM_PER_M = 1000;

function simulatedSubjectId(seed: number): string {
  return `sim-${seed}`;
}

export function samplesFromSimulatedPatch(patch: SimulatedPatch, shape: PatchShape): PatchSample[] {
  checkPatchShape(shape);
  const nt = patch.frameTimesS.length;
  if (nt !== shape.frames) {
    throw new PerfusionInputError(
      'PROTOCOL_MISMATCH',
      `simulated patch has ${nt} frames, the training shape needs ${shape.frames}; simulate with the training protocol`,
    );
  }
  return 'block' in shape ? [blockSample(patch, shape)] : neighbourhoodSamples(patch, shape);
}

function blockSample(patch: SimulatedPatch, shape: BlockShape): PatchSample {
  if (patch.size.join('x') !== shape.block.join('x')) {
    throw new PerfusionInputError(
      'SHAPE_MISMATCH',
      `simulated patch is ${patch.size.join('x')} voxels, the block samples are ${shape.block.join('x')}; set patchSize to the block`,
    );
  }
  const nt = shape.frames;
  const v = voxelsPerPatch(shape);
  const { speedMmS, fpPerS, psPerS, vp, ve } = patch.truth;
  const concentration = new Float32Array(nt * v);
  const labels = new Float32Array(v * PARAMETER_COUNT);
  for (let k = 0; k < v; k++) {
    for (let t = 0; t < nt; t++) concentration[t * v + k] = patch.concentration[k * nt + t];
    labels.set([speedMmS[k] / MM_PER_M, fpPerS[k], psPerS[k], vp[k], ve[k]], k * PARAMETER_COUNT);
  }
  return { concentration, labels, subject: simulatedSubjectId(patch.subjectSeed) };
}

function neighbourhoodSamples(patch: SimulatedPatch, shape: CubeShape): PatchSample[] {
  const [px, py, pz] = patch.size;
  const nt = shape.frames;
  const r = (shape.side - 1) / 2;
  const v = voxelsPerPatch(shape);
  const { speedMmS, fpPerS, psPerS, vp, ve } = patch.truth;
  const subject = simulatedSubjectId(patch.subjectSeed);
  const samples: PatchSample[] = [];
  for (let z = r; z < pz - r; z++) {
    for (let y = r; y < py - r; y++) {
      for (let x = r; x < px - r; x++) {
        const concentration = new Float32Array(nt * v);
        const labels = new Float32Array(v * PARAMETER_COUNT);
        let k = 0;
        for (let dz = -r; dz <= r; dz++) {
          for (let dy = -r; dy <= r; dy++) {
            for (let dx = -r; dx <= r; dx++, k++) {
              const src = x + dx + px * (y + dy + py * (z + dz));
              for (let t = 0; t < nt; t++) concentration[t * v + k] = patch.concentration[src * nt + t];
              labels.set(
                [speedMmS[src] / MM_PER_M, fpPerS[src], psPerS[src], vp[src], ve[src]],
                k * PARAMETER_COUNT,
              );
            }
          }
        }
        samples.push({ concentration, labels, subject });
      }
    }
  }
  return samples;
}

/**
 * Groups samples arriving subject by subject into shards of `samplesPerShard` (the last may be smaller),
 * keeping their order, so only one shard's worth waits in memory; a shard holds one or two subjects and
 * the training pass shuffles shards and the samples within them.
 */
export class ShardGrouping {
  private pending: PatchSample[] = [];

  constructor(private readonly samplesPerShard: number) {
    if (!Number.isInteger(samplesPerShard) || samplesPerShard < 1) {
      throw new PerfusionInputError(
        'INVALID_CONFIG',
        `samples per shard must be a positive integer, got ${samplesPerShard}`,
      );
    }
  }

  /** Adds samples; returns the shards they completed, in order. */
  add(samples: readonly PatchSample[]): PatchSample[][] {
    this.pending.push(...samples);
    const full: PatchSample[][] = [];
    while (this.pending.length >= this.samplesPerShard) {
      full.push(this.pending.slice(0, this.samplesPerShard));
      this.pending = this.pending.slice(this.samplesPerShard);
    }
    return full;
  }

  /** The last, smaller shard, when samples are left over. */
  finish(): PatchSample[][] {
    const rest = this.pending;
    this.pending = [];
    return rest.length > 0 ? [rest] : [];
  }
}
