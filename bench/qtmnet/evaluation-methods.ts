/**
 * The methods of an evaluation protocol run on one acquired subject's scored voxels: each QTMnet arm (no AIF;
 * input resampled onto the model's frame grid when the arm allows it; an arm trained on whole blocks, the 3D
 * U-Net, sees the whole volume, which must be on its training grid, and only the scored voxels are read) and
 * each kinetic fit with its AIF option (jobs/fit-aif.ts, from the subject's measured curves exactly as from a
 * subject folder). Out: per ROI, the
 * estimates of every scored parameter (SI units; Ktrans of a fit derived from Fp and PS when the model has no
 * Ktrans) and a failure indicator per voxel (perfusion/evaluation/fit-failure.ts).
 */
import type { EvaluationParameter, EvaluationRoi, QtmnetArm } from '../../contracts/evaluation-protocol';
import type { FitStepConfig } from '../../contracts/experiment-config';
import { fitMethodName } from '../../contracts/parameter-maps';
import { type FitAif, subjectAif } from '../../jobs/fit-aif';
import { CodedError } from '../../perfusion/errors';
import { fitFailureIndicators } from '../../perfusion/evaluation/fit-failure';
import { curvesAt, fitVoxelBatch } from '../../perfusion/fit/volume-fit';
import { kineticModel } from '../../perfusion/models/model-registry';
import { type InputScale, scaledConcentration, subjectInputFactor } from '../../perfusion/qtmnet/input-scale';
import type { QtmNetwork } from '../../perfusion/qtmnet/network';
import { ktransFromFlowAndPermeability } from '../../perfusion/qtmnet/parameter-scales';
import { matchProtocol } from '../../perfusion/qtmnet/protocol-match';
import type { ModelProtocol } from '../../perfusion/qtmnet/trained-model';
import { inferVolume } from '../../perfusion/qtmnet/volume-inference';
import type { SimulatedSubject } from '../../perfusion/simulate/simulated-subject';

export interface MethodEstimates {
  /** Estimates per parameter, one per scored voxel (parameters a method does not give are absent). */
  params: Partial<Record<EvaluationParameter, Float64Array>>;
  /** 1 where the estimate failed or is not identifiable. */
  failed: Float64Array;
}

export interface LoadedArm {
  arm: QtmnetArm;
  network: QtmNetwork;
  protocol: ModelProtocol;
  /** The subject-level input scale the model was trained with (its metadata), applied here too. */
  inputScale?: InputScale;
}

/** A kinetic model's parameter name (parameter-specs.ts) as the evaluation's key. */
const KEY: Record<string, EvaluationParameter> = { Fp: 'fp', PS: 'ps', Ktrans: 'ktrans', vp: 'vp', ve: 've' };

/**
 * Every method's estimates on `rois` (voxel indices per ROI) of subject `s`, by method name; `assumedHct` is
 * the haematocrit the analysis assumes (the simulator's protocol.hct, as a subject folder records it).
 */
export function runMethods(
  s: SimulatedSubject,
  assumedHct: number,
  rois: Record<EvaluationRoi, number[]>,
  arms: readonly LoadedArm[],
  fits: readonly FitStepConfig[],
): Record<string, Record<EvaluationRoi, MethodEstimates>> {
  const nvox = s.dims[0] * s.dims[1] * s.dims[2];
  const nt = s.frameTimesS.length;
  const out: Record<string, Record<EvaluationRoi, MethodEstimates>> = {};
  const scored = Object.values(rois).flat();
  const mask = new Uint8Array(nvox);
  for (const v of scored) mask[v] = 1;
  for (const { arm, network, protocol, inputScale } of arms) {
    const factor = subjectInputFactor(
      inputScale,
      { tS: s.frameTimesS, c: s.vofMeasured },
      `subject seed ${s.seed}`,
    );
    const conc = matchProtocol(protocol, s.frameTimesS, s.concentration, nvox, arm.resample);
    const { maps } = inferVolume(
      network,
      {
        dims: s.dims,
        frames: protocol.frames,
        concentration: scaledConcentration(conc, factor),
        mask,
      },
      { batchSize: 1024, mcSamples: 0, seed: 1 },
    );
    out[arm.name] = perRoi(rois, (voxels) => {
      const params = Object.fromEntries(
        Object.values(KEY).map((k) => [k, Float64Array.from(voxels, (v) => maps[k][v])]),
      ) as Record<EvaluationParameter, Float64Array>;
      return { params, failed: fitFailureIndicators(Object.values(params)) };
    });
  }
  const sources = {
    aif: { tS: s.frameTimesS, cpMm: s.aifMeasured },
    vof: { tS: s.frameTimesS, cpMm: s.vofMeasured },
    aifOracle: { tS: s.frameTimesS, cpMm: s.aifRoot },
    conc: s.concentration,
    maskArtery: s.maskArtery,
    maskBrain: s.maskBrain,
    maskVein: s.maskVein,
    geometry: { dims: s.dims },
    protocol: {
      frame_times_s: Array.from(s.frameTimesS),
      dose_mmol_per_kg: s.physiology.doseMmolPerKg,
      hct: assumedHct,
    },
  };
  for (const fit of fits) {
    const method = fitMethodName(fit.model, fit.aif);
    const names = kineticModel(fit.model).parameters.map((p) => KEY[p.name]);
    let aif: FitAif;
    try {
      aif = subjectAif(`subject seed ${s.seed}`, sources, fit.aif);
    } catch (err) {
      // An AIF option that refuses a subject (its stated assumptions fail there) fails the method on every
      // voxel of that subject, as it would in a study: NaN estimates, counted in the failed-fit rate and, like
      // every non-finite estimate, left out of the errors.
      if (!(err instanceof CodedError)) throw err;
      out[method] = perRoi(rois, (voxels) => refused(names, voxels.length));
      continue;
    }
    out[method] = perRoi(rois, (voxels) => {
      const r = fitVoxelBatch({
        model: fit.model,
        curves: curvesAt(s.concentration, nvox, nt, voxels),
        t: s.frameTimesS,
        ta: aif.tS,
        ca: aif.cpMm,
        fitDelay: fit.fitDelay,
      });
      const p = names.length;
      const params: Partial<Record<EvaluationParameter, Float64Array>> = {};
      names.forEach((k, j) => {
        params[k] = Float64Array.from(voxels, (_, i) => r.params[i * p + j]);
      });
      if (!params.ktrans && params.fp && params.ps) {
        const { fp, ps } = params;
        params.ktrans = fp.map((f, i) => ktransFromFlowAndPermeability(f, ps[i]));
      }
      return { params, failed: fitFailureIndicators(Object.values(params), r.status) };
    });
  }
  return out;
}

/**
 * The estimates of a method that refused the subject: every parameter a fit gives NaN (Ktrans too where it is
 * derived from Fp and PS), every voxel failed.
 */
function refused(names: readonly EvaluationParameter[], count: number): MethodEstimates {
  const derived = names.includes('fp') && names.includes('ps') ? (['ktrans'] as const) : [];
  const params: Partial<Record<EvaluationParameter, Float64Array>> = {};
  for (const k of [...names, ...derived]) params[k] = new Float64Array(count).fill(Number.NaN);
  return { params, failed: new Float64Array(count).fill(1) };
}

function perRoi(
  rois: Record<EvaluationRoi, number[]>,
  run: (voxels: number[]) => MethodEstimates,
): Record<EvaluationRoi, MethodEstimates> {
  return { tumour: run(rois.tumour), normal: run(rois.normal) };
}
