/**
 * The core of the protocol-driven evaluation (evaluate-protocol.ts): for each noise-free simulation setting
 * (injection ranges x vessel density) every held-out subject is simulated once without noise on the fine
 * frame grid, then re-acquired for each condition sharing that setting (SNR, frame interval;
 * perfusion/simulate/re-acquisition.ts) and every method is run on the same seeded sample of tumour and
 * normal-brain voxels. A subject's noise seed is its simulator seed in every condition, so SNR conditions
 * differ in the noise amplitude only. Only per-voxel estimates and truths are kept (a subject at 1 s frames
 * is tens of MB).
 */
import type { EvaluationCondition } from '../../contracts/evaluation-conditions';
import {
  EVALUATION_PARAMETERS,
  type EvaluationParameter,
  type EvaluationProtocol,
  type EvaluationRoi,
  protocolConditions,
} from '../../contracts/evaluation-protocol';
import { seededPermutation } from '../../perfusion/qtmnet/patch-source';
import { reacquireSubject } from '../../perfusion/simulate/re-acquisition';
import type { Grade, SimulatedSubject } from '../../perfusion/simulate/simulated-subject';
import {
  mergeSimulationSettings,
  type SimulationConfig,
  withSimulationDefaults,
} from '../../perfusion/simulate/simulation-config';
import { simulateSubject } from '../../perfusion/simulate/subject-simulation';
import { type LoadedArm, type MethodEstimates, runMethods } from './evaluation-methods';

/** One subject in one condition: the truths and every method's estimates on its scored voxels. */
export interface SubjectResult {
  grade: Grade;
  seed: number;
  truth: Record<EvaluationRoi, Record<EvaluationParameter, Float64Array>>;
  methods: Record<string, Record<EvaluationRoi, MethodEstimates>>;
}

export interface RunOptions {
  /** Only the first N seeds of each grade (a quick look; the protocol's counts otherwise). */
  perGrade?: number;
  /** Only these conditions (names); all otherwise. */
  conditions?: string[];
  onSubject?: (what: string) => void;
}

/** The span every acquisition covers: the simulator protocol's frames x interval, s. */
export function acquisitionSpanS(p: EvaluationProtocol): number {
  const { protocol } = withSimulationDefaults(p.simulator);
  return (protocol.frameCount - 1) * protocol.frameIntervalS;
}

/**
 * The noise-free simulator config of a condition's injection ranges and vessel density: frames every
 * noiselessFrameIntervalS up to the last frame of the coarsest grid that covers the acquisition span.
 */
export function noiselessConfig(p: EvaluationProtocol, c: EvaluationCondition): SimulationConfig {
  const config = withSimulationDefaults(
    mergeSimulationSettings(p.simulator, p.injections[c.injection].simulator),
  );
  const span = acquisitionSpanS(p);
  const end = Math.max(
    ...protocolConditions(p).map((x) => Math.ceil(span / x.frameIntervalS - 1e-9) * x.frameIntervalS),
  );
  const dt = p.noiselessFrameIntervalS;
  config.noise.snr = 0;
  config.protocol.frameIntervalS = dt;
  config.protocol.frameCount = Math.round(end / dt) + 1;
  config.vessels.terminals = Math.max(1, Math.round(config.vessels.terminals * c.vesselDensity));
  return config;
}

/** The scored voxels of a subject: a seeded sample of each ROI (enhancing tumour; brain outside every tumour label). */
export function scoredVoxels(s: SimulatedSubject, p: EvaluationProtocol): Record<EvaluationRoi, number[]> {
  const nvox = s.dims[0] * s.dims[1] * s.dims[2];
  const pick = (keep: (v: number) => boolean, salt: number) => {
    const all = [...Array(nvox).keys()].filter(keep);
    return seededPermutation(all.length, p.sampleSeed + s.seed + salt)
      .slice(0, p.voxelsPerRoi)
      .map((i) => all[i]);
  };
  return {
    tumour: pick((v) => s.maskTumour[v] === 1, 0),
    normal: pick((v) => s.maskBrain[v] !== 0 && s.maskTumour[v] === 0, 1),
  };
}

/** Every selected condition's subject results, by condition name. */
export function runEvaluation(
  p: EvaluationProtocol,
  arms: readonly LoadedArm[],
  o: RunOptions = {},
): Map<string, SubjectResult[]> {
  const conditions = protocolConditions(p).filter((c) => !o.conditions || o.conditions.includes(c.name));
  const results = new Map<string, SubjectResult[]>(conditions.map((c) => [c.name, []]));
  const settings = new Map<string, EvaluationCondition[]>();
  for (const c of conditions) {
    const key = `${c.injection} x${c.vesselDensity}`;
    settings.set(key, [...(settings.get(key) ?? []), c]);
  }
  const subjects = (['lgg', 'hgg'] as const).flatMap((grade) =>
    p.subjects[grade].slice(0, o.perGrade).map((seed) => ({ grade, seed })),
  );
  for (const [key, group] of settings) {
    const config = noiselessConfig(p, group[0]);
    for (const { grade, seed } of subjects) {
      const noiseless = simulateSubject(config, grade, seed);
      const rois = scoredVoxels(noiseless, p);
      const truth = {
        tumour: truthAt(noiseless, rois.tumour),
        normal: truthAt(noiseless, rois.normal),
      };
      for (const c of group) {
        const s = reacquireSubject(noiseless, config, {
          snr: c.snr,
          frameIntervalS: c.frameIntervalS,
          seed,
          spanS: acquisitionSpanS(p),
        });
        const methods = runMethods(s, config.protocol.hct, rois, arms, p.methods.fit);
        results.get(c.name)?.push({ grade, seed, truth, methods });
      }
      o.onSubject?.(`${key}: ${grade} seed ${seed} (${group.map((c) => c.name).join(', ')})`);
    }
  }
  return results;
}

/** Kinetic truth (SI; what the voxel's tracer encodes, truth-maps.ts) of every parameter at `voxels`. */
function truthAt(s: SimulatedSubject, voxels: number[]): Record<EvaluationParameter, Float64Array> {
  const maps: Record<EvaluationParameter, Float32Array> = {
    fp: s.truth.fpPerS,
    ps: s.truth.psPerS,
    ktrans: s.truth.ktransPerS,
    vp: s.truth.vp,
    ve: s.truth.ve,
  };
  return Object.fromEntries(
    EVALUATION_PARAMETERS.map((k) => [k, Float64Array.from(voxels, (v) => maps[k][v])]),
  ) as Record<EvaluationParameter, Float64Array>;
}
