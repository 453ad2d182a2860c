import { concentrationVolume } from '../../../../perfusion/signal/concentration-volume';
import {
  concentrationToSignal,
  signalToConcentration,
  spgrSignal,
} from '../../../../perfusion/signal/spgr-signal';
import { vfaT1Volume } from '../../../../perfusion/signal/vfa-t1-volume';

const protocol = { flipDeg: 15, trS: 0.005, r1PerMmS: 4.5 };

describe('concentrationVolume', () => {
  it('inverts each voxel with its own T10 and masks the rest', () => {
    const c = Float64Array.from([0, 0, 0, 1.5, 0.8, 0.4]);
    const t10 = [0.9, 1.4, 1.4];
    const n = 3;
    const signal = new Float32Array(n * c.length);
    for (let v = 0; v < 2; v++) {
      const s = concentrationToSignal(c, 1000 * (v + 1), { ...protocol, t10S: t10[v] });
      for (let f = 0; f < c.length; f++) signal[v + n * f] = s[f];
    }
    const { conc, invalidVoxels } = concentrationVolume({
      signal,
      t10S: Float32Array.from(t10),
      mask: Uint8Array.from([1, 1, 0]),
      voxelCount: n,
      baseline: { first: 0, end: 3 },
      protocol,
    });
    expect(invalidVoxels).toBe(0);
    for (let f = 0; f < c.length; f++) {
      expect(conc[0 + n * f]).toBeCloseTo(c[f], 4);
      expect(conc[1 + n * f]).toBeCloseTo(c[f], 4);
      expect(conc[2 + n * f]).toBe(0);
    }
  });

  it('agrees with the OSIPI-convention curve function when the first baseline frame is skipped', () => {
    const s = Float64Array.from([30, 31, 29, 45, 40, 35]);
    const ref = signalToConcentration(s, 3, { ...protocol, t10S: 1.2 });
    const { conc } = concentrationVolume({
      signal: Float32Array.from(s),
      t10S: Float32Array.from([1.2]),
      mask: Uint8Array.from([1]),
      voxelCount: 1,
      baseline: { first: 1, end: 3 },
      protocol,
    });
    for (let f = 0; f < ref.length; f++) expect(conc[f]).toBeCloseTo(ref[f], 4);
  });

  it('leaves voxels without a usable T10 or an invertible curve NaN and counts them', () => {
    const { conc, invalidVoxels } = concentrationVolume({
      // voxel 1's last sample lies between M0 sin a and M0 sin a / cos a, where E1 <= 0
      signal: Float32Array.from([10, 10, 10, 10, 10, 79]),
      t10S: Float32Array.from([0, 1]),
      mask: Uint8Array.from([1, 1]),
      voxelCount: 2,
      baseline: { first: 0, end: 2 },
      protocol,
    });
    expect(invalidVoxels).toBe(2);
    expect(Array.from(conc).every(Number.isNaN)).toBe(true);
    expect(() =>
      concentrationVolume({
        signal: new Float32Array(4),
        t10S: new Float32Array(2),
        mask: new Uint8Array(2),
        voxelCount: 2,
        baseline: { first: 1, end: 1 },
        protocol,
      }),
    ).toThrow(expect.objectContaining({ code: 'BASELINE_TOO_SHORT' }));
  });
});

describe('vfaT1Volume', () => {
  it('recovers each voxel T1 from noise-free signals and leaves unmasked voxels NaN', () => {
    const angles = [3, 8, 15, 25];
    const trs = [0.005, 0.005, 0.005, 0.005];
    const t1 = [0.8, 1.4, 2.0];
    const signal = new Float32Array(3 * angles.length);
    angles.forEach((a, k) => {
      for (let v = 0; v < 3; v++)
        signal[v + 3 * k] = spgrSignal(1000, 1 / t1[v], { flipDeg: a, trS: trs[k] });
    });
    const { t10S, failed } = vfaT1Volume(signal, angles, trs, Uint8Array.from([1, 1, 0]), 3);
    expect(failed).toBe(0);
    expect(t10S[0]).toBeCloseTo(0.8, 4);
    expect(t10S[1]).toBeCloseTo(1.4, 4);
    expect(Number.isNaN(t10S[2])).toBe(true);
  });

  it('counts voxels whose signal cannot be fitted', () => {
    const { t10S, failed } = vfaT1Volume(
      new Float32Array(2),
      [5, 20],
      [0.005, 0.005],
      Uint8Array.from([1]),
      1,
    );
    expect(failed).toBe(1);
    expect(Number.isNaN(t10S[0])).toBe(true);
  });
});
