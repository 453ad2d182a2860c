/**
 * One subject of `qtm import`: its source series and masks become a subject folder (docs/subject-folder.md)
 * named by its pseudonym. Order: read the DCE series (de-identified first when DICOM), put every other volume on
 * its grid, take or compute the brain mask, detect the bolus arrival, convert signal to concentration with the
 * measured T10, take the AIF, resample to a model's protocol when asked, write the folder and the AIF's QA plot.
 * Nothing identifying is written: no source path, name, date or command line; provenance records the choices.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../formats/atomic-write';
import { dceAcquisition } from '../../formats/bids-acquisition';
import type { DeidentifyContext } from '../../formats/dicom/deidentify';
import { FormatError } from '../../formats/format-error';
import type { SubjectSource } from '../../formats/import-source';
import { writeSubjectFolder } from '../../formats/subject-folder';
import { bolusArrivalFrame } from '../../perfusion/aif/bolus-arrival';
import { resampleLinear } from '../../perfusion/aif/resample';
import { thresholdBrainMask } from '../../perfusion/imaging/brain-mask';
import { matchProtocol } from '../../perfusion/qtmnet/protocol-match';
import type { ModelProtocol } from '../../perfusion/qtmnet/trained-model';
import { sha256Hex } from '../../perfusion/sha256';
import { concentrationVolume } from '../../perfusion/signal/concentration-volume';
import { renderAifQa } from '../../reports/aif-qa-plot';
import { codeVersion } from '../../runtime/code-version';
import { type AifMethod, importedAif } from './import-aif';
import { gridOf, loadSeries } from './read-series';
import { maskOnGrid, single, t10OnGrid, tumourOnGrid } from './subject-maps';

export interface ImportSettings {
  aif: AifMethod;
  /** Pre-contrast frames (the baseline ends before this frame); detected from the bolus arrival when absent. */
  baselineFrames?: number;
  /** Leading frames left out of S0 (not yet in steady state); OSIPI's convention is 1. */
  skipFrames: number;
  r1PerMmS: number;
  hct: number;
  /** Dose (mmol/kg) for series whose sidecar lacks ContrastDose. */
  doseMmolPerKg?: number;
  resampleTo?: ModelProtocol;
}

export interface ImportedSubject {
  subject: string;
  grade: 'lgg' | 'hgg';
  frames: number;
  aifVoxels: number;
  invalidVoxels: number;
}

export async function importSubject(
  src: SubjectSource,
  ctx: DeidentifyContext,
  settings: ImportSettings,
  outDir: string,
  workDir: string,
): Promise<ImportedSubject> {
  const subject = { label: src.label, workDir, ctx };
  const dce = loadSeries(src.dce, 'dce', src.sidecars.dce, subject);
  const [series] = single(dce.volumes, `${src.label}: dce`);
  const { image } = series;
  const nt = image.dims[3] ?? 1;
  if (nt < 2)
    throw new FormatError(
      'SHAPE_MISMATCH',
      `${series.label}: has ${nt} volume; a DCE series needs a time series`,
    );
  const acq = dceAcquisition(series.sidecar, nt);
  const dose = acq.doseMmolPerKg ?? settings.doseMmolPerKg;
  if (dose === undefined)
    throw new FormatError(
      'SIDECAR_FIELD_MISSING',
      `${series.label}: field "ContrastDose" (contrast dose, mmol/kg) is missing; add it to dce.json beside the series or pass --dose`,
    );
  const grid = gridOf(image);
  const n = grid.dims[0] * grid.dims[1] * grid.dims[2];
  const s = { ...subject, grid, dceLabel: series.label };
  const signal = image.data instanceof Float32Array ? image.data : Float32Array.from(image.data);
  const brain = src.brain
    ? maskOnGrid(src.brain, 'brain.nii.gz', s)
    : thresholdBrainMask(signal.subarray(0, n), grid.dims);
  const tumour = tumourOnGrid(src.tumour, s);
  const artery = src.artery ? maskOnGrid(src.artery, 'artery.nii.gz', s) : undefined;
  const meanSignal = Array.from({ length: nt }, (_, f) => {
    let sum = 0;
    let count = 0;
    for (let v = 0; v < n; v++)
      if (brain[v]) {
        sum += signal[v + f * n];
        count++;
      }
    return sum / count;
  });
  const arrivalFrame = bolusArrivalFrame(meanSignal);
  const baselineEnd = settings.baselineFrames ?? Math.max(1, arrivalFrame - 1);
  const inside = Uint8Array.from(brain, (b, v) => (b || tumour[v] || artery?.[v] ? 1 : 0));
  const t10 = t10OnGrid(src, s, inside);
  const protocol = { flipDeg: acq.flipDeg, trS: acq.trS, r1PerMmS: settings.r1PerMmS };
  const baseline = { first: settings.skipFrames, end: baselineEnd };
  if (baseline.end - baseline.first < 1)
    throw new FormatError(
      'BASELINE_TOO_SHORT',
      `${series.label}: the bolus arrives at volume ${arrivalFrame}, leaving no pre-contrast volume after skipping ${settings.skipFrames}; pass --baseline-frames and --skip-frames`,
    );
  const { conc, invalidVoxels } = concentrationVolume({
    signal,
    t10S: t10.t10S,
    mask: inside,
    voxelCount: n,
    baseline,
    protocol,
  });
  const aif = importedAif({
    method: settings.aif,
    conc,
    voxelCount: n,
    frameTimesS: acq.frameTimesS,
    brain,
    artery,
    arrivalFrame,
    hct: settings.hct,
    label: src.label,
  });
  const extra: Record<string, string> = {};
  if (settings.aif === 'auto' || settings.aif === 'mask') {
    const plot = await renderAifQa({
      conc,
      dims: grid.dims,
      frameTimesS: acq.frameTimesS,
      voxels: [...aif.mask.keys()].filter((v) => aif.mask[v]),
      plasmaMm: aif.plasmaMm,
      method: `${settings.aif === 'auto' ? 'automatic (Mouridsen 2006)' : 'artery mask'}, ${aif.details.voxels} voxels`,
    });
    extra['aif_qa.png'] = sha256Hex(plot.png);
    writeFileAtomic(join(outDir, 'aif_qa.png'), plot.png);
  }
  let frameTimesS = acq.frameTimesS;
  let [dceOut, concOut, plasma] = [signal, conc, aif.plasmaMm];
  if (settings.resampleTo) {
    const target = settings.resampleTo;
    dceOut = matchProtocol(target, frameTimesS, signal, n, true);
    concOut = matchProtocol(target, frameTimesS, conc, n, true);
    const tNew = Float64Array.from({ length: target.frames }, (_, k) => k * target.frameIntervalS);
    plasma = resampleLinear(Float64Array.from(frameTimesS), aif.plasmaMm, tNew);
    frameTimesS = Array.from(tNew);
  }
  writeSubjectFolder(outDir, {
    geometry: { dims: grid.dims, voxelSizeMm: image.voxelSizeMm, affine: grid.affine },
    protocol: {
      frame_times_s: frameTimesS,
      TR_s: acq.trS,
      flip_deg: acq.flipDeg,
      r1_per_mM_s: settings.r1PerMmS,
      hct: settings.hct,
      field_T: acq.fieldT,
      dose_mmol_per_kg: dose,
    },
    dce: dceOut,
    conc: concOut,
    t10: t10.t10S,
    maskBrain: brain,
    maskTumour: tumour,
    maskArtery: aif.mask,
    aif: { tS: frameTimesS, cpMm: plasma },
    provenance: {
      tool: 'qtm import',
      code_version: codeVersion(),
      subject: ctx.pseudonym,
      grade: src.grade,
      inputs: {
        dce: dce.origin,
        t10: `${t10.from} (${t10.origin})`,
        brain_mask: src.brain ? 'given' : 'computed (BET threshold, Smith 2002)',
        artery_mask: src.artery ? 'given' : 'none',
        dicom_files: dce.dicom,
      },
      conversion: {
        arrival_frame: arrivalFrame,
        baseline_frames: [baseline.first, baseline.end],
        r1_per_mM_s: settings.r1PerMmS,
        hct: settings.hct,
        invalid_voxels: invalidVoxels,
        t10_failed_voxels: t10.failed,
      },
      aif: aif.details,
      resampled_to: settings.resampleTo ?? null,
      extra_files_sha256: extra,
      conc_note:
        'conc.nii.gz is converted from dce.nii.gz (SPGR) with the measured T10 and S0 from the baseline frames',
    },
  });
  return {
    subject: ctx.pseudonym,
    grade: src.grade,
    frames: frameTimesS.length,
    aifVoxels: Number(aif.details.voxels ?? 0),
    invalidVoxels,
  };
}
