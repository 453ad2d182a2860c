import { parkerPlasmaAif } from '../../../../perfusion/aif/parker-aif';
import { createSeededRandom } from '../../../../perfusion/random/seeded-random';
import {
  DEFAULT_SIMULATION_CONFIG,
  type SimulationConfig,
} from '../../../../perfusion/simulate/simulation-config';
import { validateSimulationConfig } from '../../../../perfusion/simulate/simulation-config-checks';
import { drawSubjectPhysiology, rootPlasmaAif } from '../../../../perfusion/simulate/subject-physiology';

const config = DEFAULT_SIMULATION_CONFIG;
const draws = Array.from({ length: 2000 }, (_, k) =>
  drawSubjectPhysiology(config, createSeededRandom(k + 1)),
);
const RANGED = {
  doseMmolPerKg: config.injection.doseMmolPerKg,
  injectionDurationS: config.injection.durationS,
  cardiacOutputLPerMin: config.injection.cardiacOutputLPerMin,
  hct: config.injection.hct,
  recirculation: config.injection.recirculation,
  washoutRate: config.injection.washoutRate,
} as const;

describe('subject physiology draws', () => {
  it.each(Object.entries(RANGED))(
    '%s stays inside its configured range and reaches both extreme tenths',
    (key, range) => {
      const values = draws.map((d) => d[key as keyof typeof RANGED]);
      const [lo, hi] = range;
      expect(Math.min(...values)).toBeGreaterThanOrEqual(lo);
      expect(Math.max(...values)).toBeLessThanOrEqual(hi);
      const log = key === 'cardiacOutputLPerMin' || key === 'washoutRate';
      const at = (u: number) => (log ? lo * (hi / lo) ** u : lo + (hi - lo) * u);
      expect(values.some((v) => v < at(0.1))).toBe(true);
      expect(values.some((v) => v > at(0.9))).toBe(true);
    },
  );

  it('draws cardiac output log-uniformly: its median is the geometric mean of the range', () => {
    const co = draws.map((d) => d.cardiacOutputLPerMin).sort((a, b) => a - b);
    expect(co[1000] / Math.sqrt(4 * 8)).toBeCloseTo(1, 1);
  });

  it('the same stream gives the same draw, another stream another', () => {
    expect(drawSubjectPhysiology(config, createSeededRandom(5))).toEqual(draws[4]);
    expect(drawSubjectPhysiology(config, createSeededRandom(6))).not.toEqual(draws[4]);
  });

  it('a lower cardiac output delays the bolus: onset = arrival + appearance (CO_ref / CO - 1)', () => {
    for (const d of draws.slice(0, 50)) {
      const k = config.injection.referenceCardiacOutputLPerMin / d.cardiacOutputLPerMin;
      expect(d.timeScale).toBeCloseTo(k, 12);
      expect(d.onsetS).toBeCloseTo(
        config.protocol.bolusArrivalS + config.injection.appearanceS * (k - 1),
        12,
      );
    }
  });

  it('blood T1 follows the haematocrit as Lu et al. 2004 measured at 3 T (1664 ms arterial, 1584 ms venous at 0.42, to their rounding)', () => {
    const fixed = drawSubjectPhysiology(
      { ...config, injection: { ...config.injection, mode: 'fixed' } },
      createSeededRandom(1),
    );
    expect(fixed.hct).toBe(0.42);
    // Their fitted lines (coefficients to 2 digits) give 1.671 and 1.591 s at Hct 0.42.
    expect(Math.abs(fixed.arterialBloodT1S / 1.664 - 1)).toBeLessThan(0.01);
    expect(Math.abs(fixed.venousBloodT1S / 1.584 - 1)).toBeLessThan(0.01);
    const anaemic = drawSubjectPhysiology(
      {
        ...config,
        injection: { ...config.injection, mode: 'fixed' },
        protocol: { ...config.protocol, hct: 0.3 },
      },
      createSeededRandom(1),
    );
    expect(anaemic.arterialBloodT1S).toBeGreaterThan(fixed.arterialBloodT1S);
  });

  it("fixed mode gives every subject the reference injection: Parker's curve at the protocol dose and onset", () => {
    const fixedConfig: SimulationConfig = {
      ...config,
      injection: { ...config.injection, mode: 'fixed' },
      protocol: { ...config.protocol, doseMmolPerKg: 0.08 },
    };
    const a = drawSubjectPhysiology(fixedConfig, createSeededRandom(1));
    const b = drawSubjectPhysiology(fixedConfig, createSeededRandom(2));
    expect(a).toEqual(b);
    const t = Float64Array.from({ length: 300 }, (_, i) => i);
    const aif = rootPlasmaAif(t, a, fixedConfig);
    const parker = parkerPlasmaAif(t, { onsetS: 15, hct: 0.42 });
    for (let i = 0; i < t.length; i++) expect(aif[i]).toBeCloseTo(parker[i] * 0.8, 10);
  });

  it.each([
    ['injection.hct', (c: SimulationConfig) => (c.injection.hct = [0.4, 1.2])],
    ['injection.durationS', (c: SimulationConfig) => (c.injection.durationS = [8, 2])],
    ['injection.cardiacOutputLPerMin', (c: SimulationConfig) => (c.injection.cardiacOutputLPerMin = [0, 8])],
    ['injection.durationS', (c: SimulationConfig) => (c.injection.referenceDurationS = 30)],
    ['injection.appearanceS', (c: SimulationConfig) => (c.injection.appearanceS = 20)],
    ['t1Mapping.flipDeg', (c: SimulationConfig) => (c.t1Mapping.flipDeg = [10])],
    ['t1Mapping.flipDeg[1]', (c: SimulationConfig) => (c.t1Mapping.flipDeg = [2, 95])],
    ['sinus.radiusMm', (c: SimulationConfig) => (c.sinus.radiusMm = 20)],
  ])('rejects a bad configuration naming %s', (setting, mutate) => {
    const c = structuredClone(config);
    mutate(c);
    expect(() => validateSimulationConfig(c)).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining(setting) }),
    );
  });
});
