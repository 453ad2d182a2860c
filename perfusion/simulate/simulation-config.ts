/**
 * Simulator configuration: every setting with its unit, the documented defaults, and the physical checks
 * (INVALID_CONFIG naming the setting). Tissue ranges are per-subject draws; class ranges overlap on purpose
 * so grading is not trivial. Sources for the ranges: docs/simulator.md (SCIENCE.md 3.5: Larsson et al. MRM
 * 2009;62:1270; Skinner et al. AJNR 2016;37:80; the Frontiers 2024 glioma DCE review; ECS fraction ~0.2,
 * Sykova & Nicholson, Physiol Rev 2008;88:1277; T1 at 3 T, SCIENCE.md 3.4).
 */
import { PerfusionInputError } from '../errors';

export type Pair = [number, number];

/** Ranges of one tissue class; flows and PS are drawn log-uniformly, the rest uniformly. */
export interface TissueRanges {
  /** Plasma flow, mL/100 mL/min. */
  fpMlPer100MlMin: Pair;
  /** Permeability-surface product, /min. */
  psPerMin: Pair;
  vp: Pair;
  ve: Pair;
  /** Pre-contrast T1, s. */
  t10S: Pair;
  /** Darcy permeability relative to normal tissue. */
  permeability: number;
}

export interface TumourClass {
  /** Mean radius of the tumour (enhancing + necrosis), mm. */
  radiusMm: Pair;
  /** Amplitude of the smooth-noise boundary distortion, fraction of the radius. */
  irregularity: number;
  /** Necrotic core radius as a fraction of the tumour radius (0 = none). */
  necrosisFraction: Pair;
  /** Oedema shell thickness beyond the tumour, mm. */
  oedemaMarginMm: Pair;
  /** Log-sd of the smooth voxel-to-voxel variation of flow and PS in the tumour. */
  heterogeneity: number;
  tumour: TissueRanges;
  oedema: TissueRanges;
}

export interface SimulationConfig {
  /** Imaging grid: matrix (voxels) and voxel size (mm); each voxel size a multiple of the simulation cell. */
  imaging: { matrix: [number, number, number]; voxelMm: [number, number, number] };
  /** Simulation cell edge, mm (isotropic). */
  simulationVoxelMm: number;
  protocol: {
    frameCount: number;
    frameIntervalS: number;
    trS: number;
    flipDeg: number;
    /** Plasma relaxivity, 1/(mM s). */
    r1PerMmS: number;
    hct: number;
    fieldT: number;
    doseMmolPerKg: number;
    /** Bolus arrival at the arterial root, s after the first frame. */
    bolusArrivalS: number;
  };
  /** Rician noise: baseline signal of normal grey matter / noise sigma (0 = no noise). */
  noise: { snr: number };
  vessels: {
    /** Terminal segments per tree (arterial and venous). */
    terminals: number;
    profile: 'plug' | 'parabolic';
    viscosityPaS: number;
    murrayExponent: number;
    /** Root-to-terminal pressure drop of each tree, Pa. */
    arterialPressureDropPa: number;
    venousPressureDropPa: number;
    /** Candidate segments tested per new terminal. */
    candidates: number;
  };
  /**
   * Mean capillary-bed pressure drop from arteriolar sources to venules, Pa; terminal spread: radius (mm) over
   * which each terminal segment's flow enters (or leaves) the bed, standing for its unresolved pre-capillary
   * arterioles (post-capillary venules).
   */
  bed: { pressureDropPa: number; terminalSpreadMm: number };
  transport: { timeStepS: number; theta: number };
  normal: { gmFraction: number; gm: TissueRanges; wm: TissueRanges };
  lgg: TumourClass;
  hgg: TumourClass;
}

export const DEFAULT_SIMULATION_CONFIG: SimulationConfig = {
  imaging: { matrix: [64, 64, 16], voxelMm: [1, 1, 2] },
  simulationVoxelMm: 1,
  protocol: {
    frameCount: 60,
    frameIntervalS: 5,
    trS: 0.005,
    flipDeg: 15,
    r1PerMmS: 4.97,
    hct: 0.42,
    fieldT: 3,
    doseMmolPerKg: 0.1,
    bolusArrivalS: 15,
  },
  noise: { snr: 40 },
  vessels: {
    terminals: 1500,
    profile: 'parabolic',
    viscosityPaS: 0.0036,
    murrayExponent: 3,
    arterialPressureDropPa: 6000,
    venousPressureDropPa: 1500,
    candidates: 12,
  },
  bed: { pressureDropPa: 2500, terminalSpreadMm: 1.5 },
  transport: { timeStepS: 0.1, theta: 0.5 },
  normal: {
    gmFraction: 0.45,
    gm: {
      fpMlPer100MlMin: [30, 45],
      psPerMin: [0.0005, 0.002],
      vp: [0.025, 0.035],
      ve: [0.15, 0.22],
      t10S: [1.3, 1.4],
      permeability: 1,
    },
    wm: {
      fpMlPer100MlMin: [12, 20],
      psPerMin: [0.0005, 0.002],
      vp: [0.012, 0.018],
      ve: [0.15, 0.22],
      t10S: [0.8, 0.9],
      permeability: 1,
    },
  },
  lgg: {
    radiusMm: [6, 12],
    irregularity: 0.25,
    necrosisFraction: [0, 0],
    oedemaMarginMm: [0, 3],
    heterogeneity: 0.2,
    tumour: {
      fpMlPer100MlMin: [15, 50],
      psPerMin: [0.003, 0.04],
      vp: [0.01, 0.035],
      ve: [0.08, 0.25],
      t10S: [1.3, 1.7],
      permeability: 1,
    },
    oedema: {
      fpMlPer100MlMin: [15, 30],
      psPerMin: [0.001, 0.005],
      vp: [0.015, 0.025],
      ve: [0.25, 0.35],
      t10S: [1.4, 1.7],
      permeability: 0.8,
    },
  },
  hgg: {
    radiusMm: [8, 13],
    irregularity: 0.35,
    necrosisFraction: [0.2, 0.6],
    oedemaMarginMm: [3, 8],
    heterogeneity: 0.45,
    tumour: {
      fpMlPer100MlMin: [35, 150],
      psPerMin: [0.02, 0.35],
      vp: [0.025, 0.1],
      ve: [0.15, 0.45],
      t10S: [1.2, 1.8],
      permeability: 3,
    },
    oedema: {
      fpMlPer100MlMin: [15, 35],
      psPerMin: [0.001, 0.01],
      vp: [0.015, 0.03],
      ve: [0.3, 0.45],
      t10S: [1.5, 1.9],
      permeability: 0.8,
    },
  },
};

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
