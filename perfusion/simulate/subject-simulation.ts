/**
 * One simulated subject, pure and deterministic for (config, grade, seed): tissue and tumour geometry ->
 * vessel trees + capillary bed -> tracer transport -> imaging (partial volume, SPGR, Rician noise, conversion
 * back to concentration) -> ground truth and the AIF measured in the feeding artery. Arrays out, SI units
 * except |u| (mm/s). Independent PRNG streams per stage keep stages reproducible on their own.
 */
import { parkerPlasmaAif } from '../aif/parker-aif';
import { createSeededRandom } from '../random/seeded-random';
import { type ImagingGrid, imagingIndex } from './acquisition';
import type { SimulationConfig } from './simulation-config';
import { validateSimulationConfig } from './simulation-config-checks';
import type { CellGrid } from './smooth-noise';
import { finiteAverage, imageSubject, majorityLabel } from './subject-imaging';
import { generateTissueMaps } from './tissue-maps';
import { runTracer } from './tracer-run';
import { computeTruthMaps, type TruthMaps } from './truth-maps';
import { generateTissueGeometry } from './tumour-geometry';
import { buildVascularNetwork } from './vascular-network';

export type Grade = 'lgg' | 'hgg';

export interface SimulationProgress {
  stage: 'geometry' | 'vessels' | 'transport' | 'imaging';
  /** Overall fraction done, 0..1. */
  fraction: number;
}

export interface SimulatedSubject {
  grade: Grade;
  seed: number;
  dims: [number, number, number];
  voxelSizeMm: [number, number, number];
  frameTimesS: Float64Array;
  /** 4D arrays are x fastest, then y, z, frame. Signal (a.u.) and concentration (mM, from the noisy signal). */
  signal: Float32Array;
  concentration: Float32Array;
  /** Noise-free tissue concentration, mM. */
  concentrationTrue: Float32Array;
  t10S: Float32Array;
  maskBrain: Uint8Array;
  maskTumour: Uint8Array;
  maskArtery: Uint8Array;
  /** AIF as measured in the artery mask (partial volume, noise), plasma mM at the frame times. */
  aifMeasured: Float64Array;
  /** True plasma concentration entering the arterial root at the frame times, mM. */
  aifRoot: Float64Array;
  truth: { [K in keyof TruthMaps]: Float32Array };
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
    /** Gaussian sd over which the truth Fp spreads each terminal arteriole's supply, mm. */
    supplyTerritoryMm: number;
  };
  /** Per-subject draws (OSIPI units) and tumour shape, for provenance. */
  parameters: Record<string, unknown>;
}

export function simulateSubject(
  config: SimulationConfig,
  grade: Grade,
  seed: number,
  onProgress?: (p: SimulationProgress) => void,
): SimulatedSubject {
  validateSimulationConfig(config);
  const stream = (k: number) => createSeededRandom((seed * 7919 + k * 104729) % 4294967296);
  const factor = config.imaging.voxelMm.map((v) => Math.round(v / config.simulationVoxelMm)) as [
    number,
    number,
    number,
  ];
  const dims = config.imaging.matrix;
  const sim: CellGrid = {
    nx: dims[0] * factor[0],
    ny: dims[1] * factor[1],
    nz: dims[2] * factor[2],
    h: config.simulationVoxelMm,
  };
  const img: ImagingGrid = { dims, factor };
  const index = imagingIndex(sim, img);
  const cls = config[grade];
  onProgress?.({ stage: 'geometry', fraction: 0 });
  const geometry = generateTissueGeometry(sim, cls, config.normal.gmFraction, stream(1), grade);
  const maps = generateTissueMaps(sim, geometry, config.normal, cls, stream(2));
  const net = buildVascularNetwork(sim, maps, config, stream(3), (f) =>
    onProgress?.({ stage: 'vessels', fraction: 0.05 + 0.35 * f }),
  );

  const p = config.protocol;
  const perFrame = Math.ceil(p.frameIntervalS / config.transport.timeStepS - 1e-9);
  const dt = p.frameIntervalS / perFrame;
  const steps = (p.frameCount - 1) * perFrame;
  const times = Float64Array.from({ length: steps + 1 }, (_, k) => k * dt);
  const rootPlasma = parkerPlasmaAif(times, { onsetS: p.bolusArrivalS, hct: p.hct }).map(
    (c) => (c * p.doseMmolPerKg) / 0.1,
  );
  const frameSteps = Int32Array.from({ length: p.frameCount }, (_, f) => f * perFrame);
  const run = runTracer(net, {
    rootPlasma,
    dt,
    theta: config.transport.theta,
    hct: p.hct,
    profile: config.vessels.profile,
    frameSteps,
    onProgress: (f) => onProgress?.({ stage: 'transport', fraction: 0.4 + 0.5 * f }),
  });

  onProgress?.({ stage: 'imaging', fraction: 0.9 });
  const nImg = dims[0] * dims[1] * dims[2];
  const images = imageSubject({
    frames: run.frames,
    t10S: maps.t10S,
    lumenFraction: net.arterialLumen.fraction.map((a, i) => Math.min(1, a + net.venousLumen.fraction[i])),
    arterialFraction: net.arterialLumen.fraction,
    index,
    img,
    protocol: p,
    snr: config.noise.snr,
    greyMatterT1S: (config.normal.gm.t10S[0] + config.normal.gm.t10S[1]) / 2,
    rng: stream(4),
  });
  // Radius of the sphere each terminal arteriole supplies on average: the supply is spread over it.
  const bedCells = net.vp.reduce((s, v) => s + (v > 0 ? 1 : 0), 0);
  const territoryMm = Math.cbrt((3 * bedCells * sim.h ** 3) / (4 * Math.PI * config.vessels.terminals));
  const truth = computeTruthMaps(net, territoryMm, index, img);
  onProgress?.({ stage: 'imaging', fraction: 1 });
  const rootRadius = (r: Float64Array) => r[0];
  return {
    grade,
    seed,
    dims: [...dims],
    voxelSizeMm: [...config.imaging.voxelMm],
    frameTimesS: Float64Array.from(frameSteps, (k) => k * dt),
    ...images,
    maskBrain: new Uint8Array(nImg).fill(1),
    maskTumour: majorityLabel(geometry.label, index, nImg),
    aifRoot: Float64Array.from(frameSteps, (k) => rootPlasma[k]),
    truth: {
      speedMmS: Float32Array.from(truth.speedMmS),
      fpPerS: Float32Array.from(truth.fpPerS),
      psPerS: Float32Array.from(truth.psPerS),
      vp: Float32Array.from(truth.vp),
      ve: Float32Array.from(truth.ve),
      ktransPerS: Float32Array.from(truth.ktransPerS),
    },
    arrivalS: finiteAverage(run.arrivalS, index, img),
    budget: { injected: run.injected, held: run.held, drained: run.drained },
    diagnostics: {
      simulationDims: [sim.nx, sim.ny, sim.nz],
      arterialTerminals: (net.arterial.count + 1) / 2,
      venousTerminals: (net.venous.count + 1) / 2,
      arterialRootRadiusMm: rootRadius(net.arterial.radius),
      venousRootRadiusMm: rootRadius(net.venous.radius),
      darcyIterations: net.darcy.iterations,
      transportSteps: steps,
      transportStepS: dt,
      bedCells,
      supplyTerritoryMm: territoryMm,
    },
    parameters: { ...maps.drawn, shape: geometry.shape },
  };
}
