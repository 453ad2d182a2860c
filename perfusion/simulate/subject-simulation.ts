/**
 * One simulated subject, pure and deterministic for (config, grade, seed): tissue and tumour geometry ->
 * per-subject injection and physiology -> venous sinus, vessel trees + capillary bed -> tracer transport ->
 * imaging (partial volume, SPGR, Rician noise, VFA T10, conversion back to concentration) -> ground truth and
 * the curves measured in the feeding artery and the sinus. Arrays out, SI units except |u| (mm/s).
 * Independent PRNG streams per stage keep stages reproducible on their own: the same seed gives the same
 * tissue and vessels whatever the injection draws.
 */
import { createSeededRandom } from '../random/seeded-random';
import { averageToImaging, type ImagingGrid, imagingIndex } from './acquisition';
import { snrReferenceT1S } from './dynamic-acquisition';
import type { Grade, SimulatedSubject, SimulationProgress, TruthVolumes } from './simulated-subject';
import type { SimulationConfig } from './simulation-config';
import { validateSimulationConfig } from './simulation-config-checks';
import type { CellGrid } from './smooth-noise';
import { finiteAverage, imageSubject, majorityLabel } from './subject-imaging';
import { drawSubjectPhysiology, rootPlasmaAif } from './subject-physiology';
import { generateTissueMaps } from './tissue-maps';
import { runTracer } from './tracer-run';
import { computeTruthMaps, type TruthMaps } from './truth-maps';
import { generateTissueGeometry } from './tumour-geometry';
import { buildVascularNetwork } from './vascular-network';
import { addSinusTracer, carveSinus, venousSinus } from './venous-sinus';

export type { Grade, SimulatedSubject, SimulationProgress } from './simulated-subject';

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
  const physiology = drawSubjectPhysiology(config, stream(6));
  const sinus = venousSinus(sim, config.sinus.radiusMm);
  carveSinus(maps, geometry.label, sinus);
  const circulation = { hct: physiology.hct, venousRootMm: sinus.venousRootMm };
  const net = buildVascularNetwork(sim, maps, config, circulation, stream(3), (f) =>
    onProgress?.({ stage: 'vessels', fraction: 0.05 + 0.35 * f }),
  );

  const p = config.protocol;
  const perFrame = Math.ceil(p.frameIntervalS / config.transport.timeStepS - 1e-9);
  const dt = p.frameIntervalS / perFrame;
  const steps = (p.frameCount - 1) * perFrame;
  const times = Float64Array.from({ length: steps + 1 }, (_, k) => k * dt);
  const rootPlasma = rootPlasmaAif(times, physiology, config);
  const frameSteps = Int32Array.from({ length: p.frameCount }, (_, f) => f * perFrame);
  const run = runTracer(net, {
    rootPlasma,
    dt,
    theta: config.transport.theta,
    hct: physiology.hct,
    profile: config.vessels.profile,
    frameSteps,
    onProgress: (f) => onProgress?.({ stage: 'transport', fraction: 0.4 + 0.5 * f }),
  });

  addSinusTracer(run.frames, sinus, run.venousOutflow, physiology.hct);

  onProgress?.({ stage: 'imaging', fraction: 0.9 });
  const nImg = dims[0] * dims[1] * dims[2];
  const venousFraction = net.venousLumen.fraction.map((v, i) => Math.min(1, v + sinus.fraction[i]));
  const images = imageSubject({
    frames: run.frames,
    t10S: maps.t10S,
    arterialFraction: net.arterialLumen.fraction,
    venousFraction,
    sinusFraction: sinus.fraction,
    index,
    img,
    protocol: p,
    t1MappingFlipDeg: config.t1Mapping.flipDeg,
    physiology,
    snr: config.noise.snr,
    greyMatterT1S: snrReferenceT1S(config.normal.gm.t10S),
    rng: stream(4),
    vfaRng: stream(5),
  });
  // Radius of the sphere each terminal arteriole supplies on average: the supply is spread over it.
  const bedCells = net.vp.reduce((s, v) => s + (v > 0 ? 1 : 0), 0);
  const territoryMm = Math.cbrt((3 * bedCells * sim.h ** 3) / (4 * Math.PI * config.vessels.terminals));
  const lumenPlasma = net.arterialLumen.fraction.map(
    (a, i) => (1 - physiology.hct) * Math.min(1, a + venousFraction[i]),
  );
  const truth = computeTruthMaps(
    { darcy: net.darcy, vp: net.vp, ve: net.ve, psPerS: net.psPerS, lumenPlasma, territoryMm },
    index,
    img,
  );
  onProgress?.({ stage: 'imaging', fraction: 1 });
  const rootRadius = (r: Float64Array) => r[0];
  const volumes = (t: TruthMaps): TruthVolumes => ({
    speedMmS: Float32Array.from(t.speedMmS),
    fpPerS: Float32Array.from(t.fpPerS),
    psPerS: Float32Array.from(t.psPerS),
    vp: Float32Array.from(t.vp),
    ve: Float32Array.from(t.ve),
    ktransPerS: Float32Array.from(t.ktransPerS),
  });
  return {
    grade,
    seed,
    dims: [...dims],
    voxelSizeMm: [...config.imaging.voxelMm],
    frameTimesS: Float64Array.from(frameSteps, (k) => k * dt),
    ...images,
    maskBrain: Uint8Array.from(averageToImaging(sinus.fraction, index, img), (f) => (f === 0 ? 1 : 0)),
    maskTumour: majorityLabel(geometry.label, index, nImg),
    aifRoot: Float64Array.from(frameSteps, (k) => rootPlasma[k]),
    vofRoot: run.venousOutflow,
    truth: volumes(truth.kinetic),
    truthSupply: volumes(truth.supply),
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
    physiology,
    parameters: { ...maps.drawn, shape: geometry.shape },
  };
}
