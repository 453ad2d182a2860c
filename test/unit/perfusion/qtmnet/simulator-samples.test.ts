import { ShardGrouping, samplesFromSimulatedPatch } from '../../../../perfusion/qtmnet/simulator-samples';
import type { TrainingPatch } from '../../../../perfusion/simulate/training-patch';

function simulated(): TrainingPatch {
  const size: [number, number, number] = [4, 3, 3];
  const n = 36;
  const nt = 4;
  const voxel = (f: (i: number) => number) => Float32Array.from({ length: n }, (_, i) => f(i));
  return {
    size,
    frameTimesS: Float64Array.from([0, 4, 8, 12]),
    // Voxel i, frame t holds 10 i + t (time fastest).
    concentration: Float32Array.from({ length: n * nt }, (_, j) => 10 * Math.floor(j / nt) + (j % nt)),
    truth: {
      speedMmS: voxel((i) => i),
      fpPerS: voxel((i) => 0.01 * i),
      psPerS: voxel(() => 0.001),
      vp: voxel(() => 0.05),
      ve: voxel(() => 0.2),
      ktransPerS: voxel(() => 0),
      label: new Uint8Array(n),
    },
    voxelSizeMm: [1, 1, 1],
    grade: 'hgg',
    subjectSeed: 17,
    origin: [0, 0, 0],
  };
}

describe('samplesFromSimulatedPatch', () => {
  it('makes one sample per interior voxel with [frame][voxel] concentration and SI labels', () => {
    const samples = samplesFromSimulatedPatch(simulated(), { frames: 4, side: 3 });
    // Interior of 4x3x3 for side 3: x in {1, 2}, y = 1, z = 1.
    expect(samples).toHaveLength(2);
    const [first] = samples;
    expect(first.subject).toBe('sim-17');
    // Neighbourhood voxel k = 0 is (0, 0, 0) -> source voxel 0; the centre k = 13 is (1, 1, 1) -> 1 + 4 (1 + 3) = 17.
    expect(first.concentration[0]).toBe(0);
    expect(first.concentration[13]).toBe(170);
    expect(first.concentration[27 + 13]).toBe(171);
    expect(first.concentration[3 * 27 + 13]).toBe(173);
    expect(Array.from(first.labels.subarray(13 * 5, 14 * 5))).toEqual(
      [17 / 1000, 0.17, 0.001, 0.05, 0.2].map((x) => Math.fround(x)),
    );
    expect(samples[1].concentration[13]).toBe(180);
  });

  it('makes the whole patch one sample for a block shape of its size', () => {
    const samples = samplesFromSimulatedPatch(simulated(), { frames: 4, block: [4, 3, 3] });
    expect(samples).toHaveLength(1);
    const [whole] = samples;
    expect(whole.concentration).toHaveLength(4 * 36);
    // [frame][voxel]: voxel 17, frame 2 -> 172.
    expect(whole.concentration[2 * 36 + 17]).toBe(172);
    expect(whole.concentration[3 * 36 + 35]).toBe(353);
    expect(Array.from(whole.labels.subarray(35 * 5, 36 * 5))).toEqual(
      [35 / 1000, 0.35, 0.001, 0.05, 0.2].map((x) => Math.fround(x)),
    );
    expect(() => samplesFromSimulatedPatch(simulated(), { frames: 4, block: [4, 3, 2] })).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
  });

  it('refuses patches simulated with another frame count', () => {
    expect(() => samplesFromSimulatedPatch(simulated(), { frames: 5, side: 3 })).toThrow(
      expect.objectContaining({ code: 'PROTOCOL_MISMATCH' }),
    );
  });
});

describe('ShardGrouping', () => {
  it('groups the samples of subject after subject into fixed-size shards in order', () => {
    const shape = { frames: 4, side: 3 };
    const patches = [simulated(), { ...simulated(), subjectSeed: 18 }, { ...simulated(), subjectSeed: 19 }];
    const grouping = new ShardGrouping(4);
    const shards = [
      ...patches.flatMap((p) => grouping.add(samplesFromSimulatedPatch(p, shape))),
      ...grouping.finish(),
    ];
    expect(shards.map((s) => s.length)).toEqual([4, 2]);
    expect(shards.flat().map((s) => s.subject)).toEqual([
      'sim-17',
      'sim-17',
      'sim-18',
      'sim-18',
      'sim-19',
      'sim-19',
    ]);
    expect(grouping.finish()).toEqual([]);
    expect(() => new ShardGrouping(0)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });
});
