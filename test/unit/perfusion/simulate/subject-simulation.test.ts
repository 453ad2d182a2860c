import { createHash } from 'node:crypto';
import type { SimulationConfig } from '../../../../perfusion/simulate/simulation-config';
import { simulateSubject } from '../../../../perfusion/simulate/subject-simulation';
import { tinyConfig } from './subject-fixtures';

function hashOf(s: ReturnType<typeof simulateSubject>): string {
  const h = createHash('sha256');
  for (const a of [
    s.signal,
    s.concentration,
    s.t10S,
    s.maskTumour,
    s.maskArtery,
    s.aifMeasured,
    ...Object.values(s.truth),
  ])
    h.update(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex');
}

describe('simulateSubject', () => {
  const hgg = simulateSubject(tinyConfig(), 'hgg', 11);

  it('balances tracer mass (injected = tissue + drained) within 0.5% at every frame after 1% has entered', () => {
    const { injected, held, drained } = hgg.budget;
    const total = injected[injected.length - 1];
    let checked = 0;
    for (let f = 0; f < injected.length; f++) {
      if (injected[f] < 0.01 * total) continue;
      expect(Math.abs(injected[f] - held[f] - drained[f])).toBeLessThan(0.005 * injected[f]);
      checked++;
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('same seed -> byte-identical output; a different seed -> a different subject', () => {
    expect(hashOf(simulateSubject(tinyConfig(), 'hgg', 11))).toBe(hashOf(hgg));
    expect(hashOf(simulateSubject(tinyConfig(), 'hgg', 12))).not.toBe(hashOf(hgg));
  });

  it('produces an HGG with necrosis and oedema, enhancing rim leakier than normal tissue, and a measured AIF', () => {
    const labels = new Set(hgg.maskTumour);
    expect([...labels].sort()).toEqual([0, 1, 2, 3]);
    const mean = (a: Float32Array, label: number) => {
      const v = [...a.keys()].filter((i) => hgg.maskTumour[i] === label);
      return v.reduce((s, i) => s + a[i], 0) / v.length;
    };
    expect(mean(hgg.truth.ktransPerS, 1)).toBeGreaterThan(5 * mean(hgg.truth.ktransPerS, 0));
    expect(mean(hgg.truth.vp, 2)).toBeLessThan(0.5 * mean(hgg.truth.vp, 1));
    const peak = Math.max(...hgg.aifMeasured);
    expect(peak).toBeGreaterThan(0.5);
    expect(peak).toBeLessThan(Math.max(...hgg.aifRoot) * 1.2);
    expect(hgg.maskArtery.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('truth Fp of normal tissue is the configured supply perfusion (within 25%), not the 2-4x voxel through-flow', () => {
    const normal = [...hgg.maskTumour.keys()].filter((i) => hgg.maskTumour[i] === 0);
    const mean = normal.reduce((s, i) => s + hgg.truth.fpPerS[i] * 6000, 0) / normal.length;
    const drawn = hgg.parameters as Record<string, { fpMlPer100MlMin: number }>;
    // Grey matter has the longer T1 (1.3-1.4 s vs 0.8-0.9 s): its share of the normal voxels weights the draws.
    const gmShare = normal.filter((i) => hgg.t10S[i] > 1.1).length / normal.length;
    const configured = gmShare * drawn.gm.fpMlPer100MlMin + (1 - gmShare) * drawn.wm.fpMlPer100MlMin;
    expect(mean / configured).toBeGreaterThan(0.8);
    expect(mean / configured).toBeLessThan(1.25);
  });

  it('an LGG has no necrosis', () => {
    const lgg = simulateSubject(tinyConfig(), 'lgg', 3);
    expect(lgg.maskTumour.includes(2)).toBe(false);
    expect(lgg.maskTumour.includes(1)).toBe(true);
  });

  it.each([
    ['hgg.tumour.vp + hgg.tumour.ve', (c: SimulationConfig) => (c.hgg.tumour.ve = [0.5, 0.95])],
    ['imaging.voxelMm[2]', (c: SimulationConfig) => (c.imaging.voxelMm[2] = -2)],
    ['lgg.tumour.vp', (c: SimulationConfig) => (c.lgg.tumour.vp = [-0.01, 0.02])],
    ['transport.timeStepS', (c: SimulationConfig) => Object.assign(c.transport, { theta: 0, timeStepS: 2 })],
    [
      'hgg.radiusMm',
      (c: SimulationConfig) => Object.assign(c.hgg, { radiusMm: [0.05, 0.05], irregularity: 0 }),
    ],
  ])('rejects a bad configuration naming %s', (setting, mutate) => {
    const c = tinyConfig();
    mutate(c);
    expect(() => simulateSubject(c, 'hgg', 1)).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining(setting) }),
    );
  });
});
