/**
 * What one simulated subject holds (subject-simulation.ts makes it): the acquired images, the curves an
 * analysis measures, the oracle curves no real study has, both definitions of ground truth (truth-maps.ts),
 * the tracer budget and, for provenance, every per-subject draw. Arrays on the imaging grid, x fastest, then
 * y, z (then frame for 4D). SI units except |u| (mm/s).
 */
import type { SubjectPhysiology } from './subject-physiology';
import type { TruthMaps } from './truth-maps';

export type Grade = 'lgg' | 'hgg';

export interface SimulationProgress {
  stage: 'geometry' | 'vessels' | 'transport' | 'imaging';
  /** Overall fraction done, 0..1. */
  fraction: number;
}

export type TruthVolumes = { [K in keyof TruthMaps]: Float32Array };

export interface SimulatedSubject {
  grade: Grade;
  seed: number;
  dims: [number, number, number];
  voxelSizeMm: [number, number, number];
  frameTimesS: Float64Array;
  /** Signal (a.u.) and concentration (mM, converted from the noisy signal with the estimated T10). */
  signal: Float32Array;
  concentration: Float32Array;
  /** Noise-free tissue concentration, mM. */
  concentrationTrue: Float32Array;
  /** T10 as the variable-flip-angle acquisition estimates it (what the analysis uses), and the true T10, s. */
  t10S: Float32Array;
  t10TrueS: Float32Array;
  /** Brain: every voxel the venous sinus does not touch. */
  maskBrain: Uint8Array;
  maskTumour: Uint8Array;
  maskArtery: Uint8Array;
  /** Voxels wholly inside the venous sinus. */
  maskVein: Uint8Array;
  /** Plasma curves measured in the artery mask (partial volume, noise) and the vein mask (noise), mM. */
  aifMeasured: Float64Array;
  vofMeasured: Float64Array;
  /** Oracles: true plasma concentration entering the arterial root and leaving the venous root, mM. */
  aifRoot: Float64Array;
  vofRoot: Float64Array;
  /** Ground truth as the voxel's kinetics encode it, and as the configured supply defines it. */
  truth: TruthVolumes;
  truthSupply: TruthVolumes;
  /** Bolus arrival (time to peak of capillary plasma minus that of the root AIF), s; NaN where unperfused. */
  arrivalS: Float32Array;
  /** Tracer budget per frame, mmol x 1e-6 (mM mm^3): injected at the root, held in tissue, drained. */
  budget: { injected: Float64Array; held: Float64Array; drained: Float64Array };
  diagnostics: {
    simulationDims: number[];
    arterialTerminals: number;
    venousTerminals: number;
    arterialRootRadiusMm: number;
    venousRootRadiusMm: number;
    darcyIterations: number;
    transportSteps: number;
    transportStepS: number;
    bedCells: number;
    /** Gaussian sd over which the supply truth Fp spreads each terminal arteriole's supply, mm. */
    supplyTerritoryMm: number;
  };
  /** The subject's injection, circulation and flip-angle scale (drawn, or the reference when fixed). */
  physiology: SubjectPhysiology;
  /** Per-subject tissue draws (OSIPI units) and tumour shape, for provenance. */
  parameters: Record<string, unknown>;
}
