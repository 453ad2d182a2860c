/**
 * Physics checks of a complete simulator configuration: every failure is INVALID_CONFIG naming the setting
 * (negative volumes, vp + ve > 1, ranges with min > max, an unresolvable grid, a theta outside [0, 1], ...).
 * The CFL limit of an explicit transport step depends on the flow field and is checked when it is known
 * (tracer-run.ts); an empty tumour is caught where the tumour is drawn (tumour-geometry.ts).
 */
import { PARKER_2006 } from '../aif/parker-aif';
import { widenedVarianceMin2 } from '../aif/parker-family-aif';
import { PerfusionInputError } from '../errors';
import {
  type SimulationConfig,
  simulationSettingsSchema,
  type TissueRanges,
  withSimulationDefaults,
} from './simulation-config';

/**
 * Settings as users give them (an experiment's cohort.simulator, a training set's simulate.config), checked in
 * full when they are parsed: keys and types by the one schema, then the physics of the configuration they
 * make over the defaults.
 */
export const checkedSimulationSettingsSchema = simulationSettingsSchema.superRefine((settings, ctx) => {
  try {
    validateSimulationConfig(withSimulationDefaults(settings));
  } catch (err) {
    if (!(err instanceof PerfusionInputError)) throw err;
    ctx.addIssue({ code: 'custom', message: err.message });
  }
});

/** Checks the physics of a complete configuration; throws INVALID_CONFIG naming the first bad setting. */
export function validateSimulationConfig(c: SimulationConfig): void {
  const bad = (setting: string, why: string): never => {
    throw new PerfusionInputError('INVALID_CONFIG', `${setting}: ${why}`);
  };
  for (const [d, n] of c.imaging.matrix.entries()) {
    if (!(Number.isInteger(n) && n >= 2)) bad(`imaging.matrix[${d}]`, `${n} must be an integer >= 2`);
  }
  c.imaging.voxelMm.forEach((v, d) => {
    if (!(v > 0))
      bad(`imaging.voxelMm[${d}]`, `${v} mm must be positive (a volume cannot be negative or zero)`);
    const ratio = v / c.simulationVoxelMm;
    if (Math.abs(ratio - Math.round(ratio)) > 1e-9 || ratio < 1)
      bad(
        `imaging.voxelMm[${d}]`,
        `${v} mm must be a whole multiple of simulationVoxelMm (${c.simulationVoxelMm} mm)`,
      );
  });
  if (!(c.simulationVoxelMm > 0)) bad('simulationVoxelMm', 'must be positive');
  const p = c.protocol;
  if (!(Number.isInteger(p.frameCount) && p.frameCount >= 2))
    bad('protocol.frameCount', 'must be an integer >= 2');
  for (const key of ['frameIntervalS', 'trS', 'flipDeg', 'r1PerMmS', 'fieldT', 'doseMmolPerKg'] as const)
    if (!(p[key] > 0)) bad(`protocol.${key}`, `${p[key]} must be positive`);
  if (!(p.hct >= 0 && p.hct < 1)) bad('protocol.hct', `${p.hct} must be a fraction in [0, 1)`);
  if (!(p.bolusArrivalS >= 0)) bad('protocol.bolusArrivalS', 'must be >= 0 s');
  checkInjection(c, bad);
  for (const [k, flip] of c.t1Mapping.flipDeg.entries())
    if (!(flip > 0 && flip < 90)) bad(`t1Mapping.flipDeg[${k}]`, `${flip} deg must be in (0, 90)`);
  if (c.t1Mapping.flipDeg.length > 0 && new Set(c.t1Mapping.flipDeg).size < 2)
    bad(
      't1Mapping.flipDeg',
      'needs at least 2 distinct flip angles (or none: the analysis gets the true T10)',
    );
  const [b1Low, b1High] = c.t1Mapping.flipAngleScale;
  if (!(b1Low > 0 && b1Low <= b1High))
    bad('t1Mapping.flipAngleScale', 'must be a positive range, min <= max');
  const radius = c.sinus.radiusMm;
  const zExtent = c.imaging.matrix[2] * c.imaging.voxelMm[2];
  const xExtent = c.imaging.matrix[0] * c.imaging.voxelMm[0];
  if (
    !(radius >= c.simulationVoxelMm && 2 * radius <= Math.min(zExtent - 2 * c.simulationVoxelMm, xExtent / 2))
  )
    bad(
      'sinus.radiusMm',
      `${radius} mm must be at least one simulation cell and fit the block (diameter <= z extent ${zExtent} mm less 2 cells, and <= half the x extent ${xExtent} mm)`,
    );
  if (!(c.noise.snr >= 0)) bad('noise.snr', 'must be >= 0 (0 = no noise)');
  const v = c.vessels;
  if (!(Number.isInteger(v.terminals) && v.terminals >= 2))
    bad('vessels.terminals', 'must be an integer >= 2');
  if (!(v.murrayExponent >= 2 && v.murrayExponent <= 3.5))
    bad('vessels.murrayExponent', `${v.murrayExponent} is outside the physiological 2-3.5`);
  for (const key of ['viscosityPaS', 'arterialPressureDropPa', 'venousPressureDropPa'] as const)
    if (!(v[key] > 0)) bad(`vessels.${key}`, 'must be positive');
  if (!(Number.isInteger(v.candidates) && v.candidates >= 1))
    bad('vessels.candidates', 'must be an integer >= 1');
  if (!(c.bed.pressureDropPa > 0)) bad('bed.pressureDropPa', 'must be positive');
  if (!(c.bed.terminalSpreadMm >= 0)) bad('bed.terminalSpreadMm', 'must be >= 0 mm');
  if (!(c.transport.timeStepS > 0 && c.transport.timeStepS <= p.frameIntervalS))
    bad('transport.timeStepS', `must be in (0, protocol.frameIntervalS]`);
  if (!(c.transport.theta >= 0 && c.transport.theta <= 1))
    bad('transport.theta', 'must be in [0, 1] (0.5 Crank-Nicolson)');
  if (!(c.normal.gmFraction >= 0 && c.normal.gmFraction <= 1)) bad('normal.gmFraction', 'must be a fraction');
  const ranges = (name: string, r: TissueRanges) => {
    for (const key of ['fpMlPer100MlMin', 'psPerMin', 'vp', 've', 't10S'] as const) {
      const [lo, hi] = r[key];
      if (!(lo <= hi)) bad(`${name}.${key}`, `range [${lo}, ${hi}] must have min <= max`);
      if (key === 'psPerMin' ? !(lo >= 0) : !(lo > 0))
        bad(`${name}.${key}`, `${lo} must be positive (volumes, flows and T1 cannot be negative)`);
    }
    if (r.fpMlPer100MlMin[0] <= 0 || r.psPerMin[0] <= 0)
      bad(`${name}`, 'flow and PS ranges must be > 0 (they are drawn log-uniformly)');
    if (r.vp[1] + r.ve[1] > 1)
      bad(
        `${name}.vp + ${name}.ve`,
        `maximum vp ${r.vp[1]} + maximum ve ${r.ve[1]} exceeds 1: the compartments cannot fill more than the tissue`,
      );
    if (!(r.permeability > 0)) bad(`${name}.permeability`, 'must be positive');
  };
  ranges('normal.gm', c.normal.gm);
  ranges('normal.wm', c.normal.wm);
  for (const g of ['lgg', 'hgg'] as const) {
    const t = c[g];
    if (!(t.radiusMm[0] > 0 && t.radiusMm[0] <= t.radiusMm[1]))
      bad(`${g}.radiusMm`, `[${t.radiusMm}] must be a positive range (an empty tumour cannot be graded)`);
    if (
      !(
        t.necrosisFraction[0] >= 0 &&
        t.necrosisFraction[1] < 0.9 &&
        t.necrosisFraction[0] <= t.necrosisFraction[1]
      )
    )
      bad(`${g}.necrosisFraction`, 'must be a range within [0, 0.9)');
    if (!(t.oedemaMarginMm[0] >= 0 && t.oedemaMarginMm[0] <= t.oedemaMarginMm[1]))
      bad(`${g}.oedemaMarginMm`, 'must be a range >= 0');
    if (!(t.irregularity >= 0 && t.irregularity < 1)) bad(`${g}.irregularity`, 'must be in [0, 1)');
    if (!(t.heterogeneity >= 0)) bad(`${g}.heterogeneity`, 'must be >= 0');
    ranges(`${g}.tumour`, t.tumour);
    ranges(`${g}.oedema`, t.oedema);
  }
}

/** The injection ranges: ordered, physical, and giving every subject a first pass of positive width. */
function checkInjection(c: SimulationConfig, bad: (setting: string, why: string) => never): void {
  const inj = c.injection;
  const keys = [
    'doseMmolPerKg',
    'durationS',
    'cardiacOutputLPerMin',
    'hct',
    'recirculation',
    'washoutRate',
  ] as const;
  for (const key of keys) {
    const [lo, hi] = inj[key];
    if (!(lo <= hi)) bad(`injection.${key}`, `range [${lo}, ${hi}] must have min <= max`);
    const positive = key === 'doseMmolPerKg' || key === 'cardiacOutputLPerMin' || key === 'washoutRate';
    if (positive ? !(lo > 0) : !(lo >= 0))
      bad(`injection.${key}`, `${lo} must be ${positive ? '> 0' : '>= 0'}`);
  }
  if (!(inj.hct[1] < 1)) bad('injection.hct', `${inj.hct[1]} must be a fraction below 1`);
  if (!(inj.referenceCardiacOutputLPerMin > 0)) bad('injection.referenceCardiacOutputLPerMin', 'must be > 0');
  if (!(inj.referenceDurationS >= 0)) bad('injection.referenceDurationS', 'must be >= 0 s');
  if (!(inj.appearanceS >= 0)) bad('injection.appearanceS', 'must be >= 0 s');
  if (inj.mode === 'fixed') return;
  if (!(c.protocol.bolusArrivalS >= inj.appearanceS))
    bad(
      'injection.appearanceS',
      `${inj.appearanceS} s exceeds protocol.bolusArrivalS ${c.protocol.bolusArrivalS} s: the injection would start before the first frame`,
    );
  const fastest = inj.referenceCardiacOutputLPerMin / inj.cardiacOutputLPerMin[1];
  if (!(widenedVarianceMin2(PARKER_2006.sigma1, fastest, inj.durationS[0], inj.referenceDurationS) > 0))
    bad(
      'injection.durationS',
      `the shortest injection (${inj.durationS[0]} s) at the highest cardiac output leaves the first pass no width; raise it or lower injection.referenceDurationS`,
    );
}
