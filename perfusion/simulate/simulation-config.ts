/**
 * Simulator configuration: one zod schema with every setting, its unit and the documented defaults (physics
 * checks in simulation-config-checks.ts); the types are inferred from it. Users give any subset of the settings
 * (`SimulationSettings`: a YAML file, an experiment's `cohort.simulator`, a training set's `simulate.config`),
 * merged over the defaults by `withSimulationDefaults`. Tissue ranges, injection and circulation are
 * per-subject draws; class ranges overlap on purpose so grading is not trivial. Sources for the ranges:
 * docs/simulator.md (Larsson et al. MRM 2009;62:1270; Skinner et al. AJNR 2016;37:80; the Frontiers 2024
 * glioma DCE review; ECS fraction ~0.2, Sykova & Nicholson, Physiol Rev 2008;88:1277; injection, haematocrit
 * and cardiac output: "Per-subject injection and physiology" there).
 */
import { z } from 'zod';

const num = z.number().finite();
/** A range [min, max] drawn per subject. */
const pair = z.tuple([num, num]);
const triple = z.tuple([num, num, num]);
export type Pair = z.infer<typeof pair>;

/** Ranges of one tissue class; flows and PS are drawn log-uniformly, the rest uniformly. */
const tissueRangesSchema = z.strictObject({
  /** Plasma flow, mL/100 mL/min. */
  fpMlPer100MlMin: pair,
  /** Permeability-surface product, /min. */
  psPerMin: pair,
  vp: pair,
  ve: pair,
  /** Pre-contrast T1, s. */
  t10S: pair,
  /** Darcy permeability relative to normal tissue. */
  permeability: num,
});
export type TissueRanges = z.infer<typeof tissueRangesSchema>;

const tumourClassSchema = z.strictObject({
  /** Mean radius of the tumour (enhancing + necrosis), mm. */
  radiusMm: pair,
  /** Amplitude of the smooth-noise boundary distortion, fraction of the radius. */
  irregularity: num,
  /** Necrotic core radius as a fraction of the tumour radius (0 = none). */
  necrosisFraction: pair,
  /** Oedema shell thickness beyond the tumour, mm. */
  oedemaMarginMm: pair,
  /** Log-sd of the smooth voxel-to-voxel variation of flow and PS in the tumour. */
  heterogeneity: num,
  tumour: tissueRangesSchema,
  oedema: tissueRangesSchema,
});
export type TumourClass = z.infer<typeof tumourClassSchema>;

/**
 * Per-subject injection and circulation (subject-physiology.ts). Uniform draws, except cardiac output and the
 * washout-rate factor (log-uniform: symmetric about their reference on a ratio scale).
 */
const injectionSchema = z.strictObject({
  /**
   * `varied`: each subject draws from the ranges below; `fixed`: every subject gets the reference injection
   * (Parker's curve at protocol.doseMmolPerKg, onset protocol.bolusArrivalS, Hct protocol.hct).
   */
  mode: z.enum(['varied', 'fixed']),
  /** Contrast dose, mmol per kg body mass. */
  doseMmolPerKg: pair,
  /** Injection duration (bolus volume / injection rate), s. */
  durationS: pair,
  /** Resting cardiac output, L/min: sets the bolus arrival and the first-pass width and area. */
  cardiacOutputLPerMin: pair,
  /** Large-vessel haematocrit (fraction). */
  hct: pair,
  /** Factor on the area of Parker's recirculation peak. */
  recirculation: pair,
  /** Factor on Parker's washout rate. */
  washoutRate: pair,
  /** Cardiac output at which Parker's population curve is taken to hold, L/min. */
  referenceCardiacOutputLPerMin: num,
  /** Injection duration Parker's population curve is taken to include, s. */
  referenceDurationS: num,
  /** Start of the injection to bolus onset at the arterial root, at the reference cardiac output, s. */
  appearanceS: num,
});
export type InjectionConfig = z.infer<typeof injectionSchema>;

/** Every simulator setting (unknown keys are typos and rejected). */
export const simulationConfigSchema = z.strictObject({
  /** Imaging grid: matrix (voxels) and voxel size (mm); each voxel size a multiple of the simulation cell. */
  imaging: z.strictObject({ matrix: triple, voxelMm: triple }),
  /** Simulation cell edge, mm (isotropic). */
  simulationVoxelMm: num,
  protocol: z.strictObject({
    frameCount: num,
    frameIntervalS: num,
    trS: num,
    flipDeg: num,
    /** Plasma relaxivity, 1/(mM s). */
    r1PerMmS: num,
    /** Haematocrit the analysis assumes (blood to plasma of measured AIFs), and every subject's when fixed. */
    hct: num,
    fieldT: num,
    /** Dose of the fixed injection (injection.mode fixed), mmol/kg. */
    doseMmolPerKg: num,
    /** Bolus onset at the arterial root at the reference cardiac output and injection, s after the first frame. */
    bolusArrivalS: num,
  }),
  injection: injectionSchema,
  /**
   * Pre-contrast T1 mapping by variable flip angle (t1-mapping.ts), same TR and noise as the dynamic series:
   * nominal flip angles (deg; an empty list gives the analysis the true T10) and the per-subject ratio of
   * actual to nominal flip angle (transmit B1), drawn uniformly, applied to the VFA and dynamic series alike.
   */
  t1Mapping: z.strictObject({ flipDeg: z.array(num), flipAngleScale: pair }),
  /** Venous sinus surrogate (venous-sinus.ts): a straight vessel along y on the x = max face that the venous tree drains into; radius, mm. */
  sinus: z.strictObject({ radiusMm: num }),
  /** Rician noise: baseline signal of normal grey matter / noise sigma (0 = no noise). */
  noise: z.strictObject({ snr: num }),
  vessels: z.strictObject({
    /** Terminal segments per tree (arterial and venous). */
    terminals: num,
    profile: z.enum(['plug', 'parabolic']),
    viscosityPaS: num,
    murrayExponent: num,
    /** Root-to-terminal pressure drop of each tree, Pa. */
    arterialPressureDropPa: num,
    venousPressureDropPa: num,
    /** Candidate segments tested per new terminal. */
    candidates: num,
  }),
  /**
   * Mean capillary-bed pressure drop from arteriolar sources to venules, Pa; terminal spread: radius (mm) over
   * which each terminal segment's flow enters (or leaves) the bed, standing for its unresolved pre-capillary
   * arterioles (post-capillary venules).
   */
  bed: z.strictObject({ pressureDropPa: num, terminalSpreadMm: num }),
  transport: z.strictObject({ timeStepS: num, theta: num }),
  normal: z.strictObject({ gmFraction: num, gm: tissueRangesSchema, wm: tissueRangesSchema }),
  lgg: tumourClassSchema,
  hgg: tumourClassSchema,
});
export type SimulationConfig = z.infer<typeof simulationConfigSchema>;

/** Any subset of the settings: sections may be partly given, lists and ranges only whole. */
export type SimulationSettings = DeepPartial<SimulationConfig>;
type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K];
};

/** The settings schema, derived from the one above: the same keys and types, each one optional. */
function partialOf(schema: z.ZodType): z.ZodType {
  if (!(schema instanceof z.ZodObject)) return schema;
  const shape = schema.shape as Record<string, z.ZodType>;
  return z.strictObject(
    Object.fromEntries(Object.entries(shape).map(([key, value]) => [key, partialOf(value).optional()])),
  );
}
export const simulationSettingsSchema = partialOf(simulationConfigSchema) as z.ZodType<SimulationSettings>;

/** The complete configuration: `settings` merged over the defaults (lists and ranges replace the default). */
export function withSimulationDefaults(settings: SimulationSettings): SimulationConfig {
  return simulationConfigSchema.parse(merge(DEFAULT_SIMULATION_CONFIG, settings));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `over` merged over `base` (both partial settings; lists and ranges of `over` replace those of `base`). */
export function mergeSimulationSettings(
  base: SimulationSettings,
  over: SimulationSettings,
): SimulationSettings {
  return merge(base, over) as SimulationSettings;
}

/** Deep merge of plain objects into a new object; arrays and scalars of `over` replace those of `base`. */
function merge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? structuredClone(base) : over;
  const out: Record<string, unknown> = structuredClone(base);
  for (const [k, v] of Object.entries(over)) out[k] = merge(base[k], v);
  return out;
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
  injection: {
    mode: 'varied',
    doseMmolPerKg: [0.05, 0.1],
    durationS: [2, 8],
    cardiacOutputLPerMin: [4, 8],
    hct: [0.36, 0.5],
    recirculation: [0.7, 1.3],
    washoutRate: [0.8, 1.25],
    referenceCardiacOutputLPerMin: 5.66,
    referenceDurationS: 4,
    appearanceS: 10,
  },
  t1Mapping: { flipDeg: [2, 5, 10, 15], flipAngleScale: [1, 1] },
  sinus: { radiusMm: 3 },
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
      fpMlPer100MlMin: [15, 60],
      psPerMin: [0.003, 0.06],
      vp: [0.01, 0.04],
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
      fpMlPer100MlMin: [30, 150],
      psPerMin: [0.015, 0.35],
      vp: [0.02, 0.1],
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
