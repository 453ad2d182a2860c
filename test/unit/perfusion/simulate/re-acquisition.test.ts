import { reacquireSubject } from '../../../../perfusion/simulate/re-acquisition';
import { simulateSubject } from '../../../../perfusion/simulate/subject-simulation';
import { tinyConfig } from './subject-fixtures';

/** A noise-free subject on a 1 s frame grid (transport step 0.25 s), small enough for a unit test. */
function noiselessConfig(frameIntervalS: number) {
  const c = tinyConfig();
  c.imaging.matrix = [12, 12, 4];
  c.vessels.terminals = 60;
  c.hgg.radiusMm = [3, 4];
  c.noise.snr = 0;
  c.protocol.frameIntervalS = frameIntervalS;
  c.protocol.frameCount = Math.round(40 / frameIntervalS) + 1;
  return c;
}

describe('re-acquisition of a noise-free subject', () => {
  const fine = noiselessConfig(1);
  const s = simulateSubject(fine, 'hgg', 21);
  const nImg = 12 * 12 * 4;

  it('samples the tracer as the simulator does: at 2 s it equals a subject simulated at 2 s', () => {
    const coarse = simulateSubject(noiselessConfig(2), 'hgg', 21);
    const r = reacquireSubject(s, fine, { snr: 0, frameIntervalS: 2, seed: 1 });
    expect(Array.from(r.frameTimesS)).toEqual(Array.from(coarse.frameTimesS));
    expect(r.concentrationTrue).toEqual(coarse.concentrationTrue);
    for (let k = 0; k < r.aifRoot.length; k++) expect(r.aifRoot[k]).toBeCloseTo(coarse.aifRoot[k], 12);
    // Without noise the conversion inverts the signal model: concentration = the noise-free concentration.
    for (let i = 0; i < r.concentration.length; i += 97)
      expect(r.concentration[i]).toBeCloseTo(coarse.concentrationTrue[i], 4);
  });

  it('adds Rician noise of sigma = grey-matter baseline signal / SNR', () => {
    const clean = reacquireSubject(s, fine, { snr: 0, frameIntervalS: 5, seed: 1 });
    const noisy = reacquireSubject(s, fine, { snr: 20, frameIntervalS: 5, seed: 2 });
    // Grey-matter baseline: SPGR at T1 = 1.35 s (middle of the default GM range), TR 5 ms, 15 deg, M0 1000.
    const e1 = Math.exp(-0.005 / 1.35);
    const a = (15 * Math.PI) / 180;
    const sigma = (1000 * Math.sin(a) * (1 - e1)) / (1 - Math.cos(a) * e1) / 20;
    let ss = 0;
    for (let i = 0; i < clean.signal.length; i++) ss += (noisy.signal[i] - clean.signal[i]) ** 2;
    // At SNR >= 20 in tissue the Rician magnitude is close to Gaussian of the same sigma (Gudbjartsson 1995).
    expect(Math.sqrt(ss / clean.signal.length) / sigma).toBeGreaterThan(0.95);
    expect(Math.sqrt(ss / clean.signal.length) / sigma).toBeLessThan(1.05);
    expect(noisy.frameTimesS.length).toBe(9);
    expect(noisy.concentration.length).toBe(nImg * 9);
    expect(noisy.aifMeasured.length).toBe(9);
  });

  it('refuses a noisy subject or a frame interval finer than the simulated one', () => {
    const noisy = { ...fine, noise: { snr: 40 } };
    expect(() => reacquireSubject(s, noisy, { snr: 20, frameIntervalS: 5, seed: 1 })).toThrow(
      /noise-free subject \(config noise.snr 0, got 40\)/,
    );
    expect(() => reacquireSubject(s, fine, { snr: 20, frameIntervalS: 0.5, seed: 1 })).toThrow(
      /at least the simulated 1 s/,
    );
  });
});
