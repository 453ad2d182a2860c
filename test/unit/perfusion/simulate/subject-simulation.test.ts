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
    s.maskVein,
    s.aifMeasured,
    s.vofMeasured,
    ...Object.values(s.truth),
    ...Object.values(s.truthSupply),
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

  it('supply truth Fp of normal tissue is the configured perfusion (within 25%); the kinetic Fp is the 2-4x through-flow', () => {
    const normal = [...hgg.maskTumour.keys()].filter((i) => hgg.maskTumour[i] === 0 && hgg.maskBrain[i]);
    const mean = (map: Float32Array) => normal.reduce((s, i) => s + map[i] * 6000, 0) / normal.length;
    const drawn = hgg.parameters as Record<string, { fpMlPer100MlMin: number }>;
    // Grey matter has the longer T1 (1.3-1.4 s vs 0.8-0.9 s): its share of the normal voxels weights the draws.
    const gmShare = normal.filter((i) => hgg.t10TrueS[i] > 1.1).length / normal.length;
    const configured = gmShare * drawn.gm.fpMlPer100MlMin + (1 - gmShare) * drawn.wm.fpMlPer100MlMin;
    expect(mean(hgg.truthSupply.fpPerS) / configured).toBeGreaterThan(0.8);
    expect(mean(hgg.truthSupply.fpPerS) / configured).toBeLessThan(1.25);
    expect(mean(hgg.truth.fpPerS) / configured).toBeGreaterThan(1.5);
    expect(mean(hgg.truth.fpPerS) / configured).toBeLessThan(5);
  });

  it('measures the venous output in the sinus without partial volume, unlike the AIF in the feeding artery', () => {
    const c = tinyConfig();
    c.noise.snr = 0;
    c.injection.hct = [c.protocol.hct, c.protocol.hct];
    const s = simulateSubject(c, 'lgg', 5);
    const peak = Math.max(...s.vofRoot);
    for (let f = 0; f < s.vofRoot.length; f++)
      expect(Math.abs(s.vofMeasured[f] - s.vofRoot[f])).toBeLessThan(1e-3 * peak);
    expect(Math.max(...s.aifMeasured)).toBeLessThan(0.8 * Math.max(...s.aifRoot));
    // With noise and the subject's own haematocrit (the analysis assumes the protocol's), within 5% of the peak.
    const scale = (1 - hgg.physiology.hct) / (1 - c.protocol.hct);
    const noisyPeak = Math.max(...hgg.vofRoot);
    for (let f = 0; f < hgg.vofRoot.length; f++)
      expect(Math.abs(hgg.vofMeasured[f] - scale * hgg.vofRoot[f])).toBeLessThan(0.05 * noisyPeak);
  });

  it('keeps the sinus out of the brain and tumour masks; the vein mask lies wholly in it', () => {
    const veins = [...hgg.maskVein.keys()].filter((v) => hgg.maskVein[v]);
    expect(veins.length).toBeGreaterThan(10);
    for (const v of veins) {
      expect(hgg.maskBrain[v]).toBe(0);
      expect(hgg.maskTumour[v]).toBe(0);
      expect(hgg.truthSupply.vp[v]).toBe(0);
      expect(hgg.truth.vp[v]).toBeCloseTo(1 - hgg.physiology.hct, 5);
    }
    expect(hgg.maskBrain.filter((b) => b === 1).length).toBeGreaterThan(0.8 * hgg.maskBrain.length);
  });

  it('records the injection draw; a fixed injection is the same for every seed and gives the same tissue', () => {
    const { physiology } = hgg;
    expect(physiology.injectionMode).toBe('varied');
    expect(physiology.doseMmolPerKg).toBeGreaterThanOrEqual(0.05);
    expect(physiology.doseMmolPerKg).toBeLessThanOrEqual(0.1);
    const c = tinyConfig();
    c.injection.mode = 'fixed';
    const a = simulateSubject(c, 'hgg', 11);
    expect(a.physiology).toEqual(simulateSubject(c, 'hgg', 12).physiology);
    expect(a.physiology.onsetS).toBe(c.protocol.bolusArrivalS);
    expect(Array.from(a.maskTumour)).toEqual(Array.from(hgg.maskTumour));
    expect(a.aifRoot).not.toEqual(hgg.aifRoot);
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
