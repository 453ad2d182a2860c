/**
 * The AIF a subject fit uses, chosen by name (AIF_OPTIONS; docs/science.md section 3.5) and made from the
 * subject folder's files: `artery` aif.csv as measured; `corrected` aif.csv scaled to the area of vof.csv;
 * `tissue-corrected` aif.csv less the tissue measured around mask_artery in conc.nii.gz, matched to the area
 * of vof.csv; `population` Parker's curve at protocol.json's dose and haematocrit, timed by aif.csv; `oracle`
 * aif_oracle.csv, the simulator's true arterial-root AIF (a reference no real study has). Nothing but these
 * files enters: no simulator truth reaches `corrected` or `population`.
 */
import { join } from 'node:path';
import { type AifOption, ORACLE_AIF_NOTE } from '../contracts/parameter-maps';
import { FormatError } from '../formats/format-error';
import type { PlasmaCurve, SubjectFolder, SubjectGeometry, SubjectProtocol } from '../formats/subject-folder';
import { arterialTissueRing, tissueRingCurve } from '../perfusion/aif/arterial-tissue-ring';
import { estimateParkerOnsetS, populationPlasmaAif } from '../perfusion/aif/population-aif';
import { unmixArterialCurve } from '../perfusion/aif/tissue-mixture-correction';
import { scaleToVenousOutput } from '../perfusion/aif/venous-output-scaling';
import { CodedError } from '../perfusion/errors';

/** Sample interval of the population AIF, s: fine enough for Parker's first pass (sd 3.4 s). */
const POPULATION_AIF_STEP_S = 1;

export interface FitAif {
  /** Plasma AIF: times, s, and concentrations, mM. */
  tS: Float64Array;
  cpMm: Float64Array;
  /** Subject-folder files the AIF was made from (their sha256 goes into the maps' provenance). */
  files: string[];
  /** What was done, for the maps' provenance (`option` plus the option's numbers). */
  provenance: Record<string, unknown>;
}

/** What the AIF options read of a subject folder (an in-memory subject can give the same; bench/qtmnet). */
export type AifSources = Pick<
  SubjectFolder,
  'aif' | 'vof' | 'aifOracle' | 'conc' | 'maskArtery' | 'maskBrain' | 'maskVein'
> & {
  geometry: Pick<SubjectGeometry, 'dims'>;
  protocol: Pick<SubjectProtocol, 'frame_times_s' | 'dose_mmol_per_kg' | 'hct'>;
};

/** The `option` AIF of the subject folder `dir` (already read as `s`). */
export function subjectAif(dir: string, s: AifSources, option: AifOption): FitAif {
  const measured = { tS: Float64Array.from(s.aif.tS), cpMm: Float64Array.from(s.aif.cpMm) };
  try {
    switch (option) {
      case 'artery':
        return {
          ...measured,
          files: ['aif.csv'],
          provenance: { option, source: 'aif.csv as measured in mask_artery (partial volume uncorrected)' },
        };
      case 'corrected': {
        const vof = required(
          dir,
          s.vof,
          'vof.csv',
          `the ${option} AIF scales aif.csv to the venous output measured in a venous sinus`,
        );
        const scaling = scaleToVenousOutput(
          { tS: measured.tS, c: measured.cpMm },
          { tS: Float64Array.from(vof.tS), c: Float64Array.from(vof.cpMm) },
        );
        return {
          tS: measured.tS,
          cpMm: scaling.corrected,
          files: ['aif.csv', 'vof.csv'],
          provenance: {
            option,
            source:
              'aif.csv scaled so that its area equals the area of vof.csv (whole acquisition, trapezoid)',
            scale: scaling.scale,
            artery_area_mM_s: scaling.arteryAreaMmS,
            venous_area_mM_s: scaling.venousAreaMmS,
            window_s: scaling.windowS,
          },
        };
      }
      case 'tissue-corrected': {
        const vof = required(
          dir,
          s.vof,
          'vof.csv',
          `the ${option} AIF matches aif.csv, less its tissue, to the venous output measured in a venous sinus`,
        );
        const [nx, ny, nz] = s.geometry.dims;
        const ring = arterialTissueRing({
          dims: [nx, ny, nz],
          artery: s.maskArtery,
          brain: s.maskBrain,
          vein: s.maskVein,
        });
        // The ring is read from conc.nii.gz, whose frames are protocol.json's: the tissue curve's times.
        const tissue = tissueRingCurve(s.conc, nx * ny * nz, ring, s.protocol.hct);
        const unmixed = unmixArterialCurve(
          { tS: measured.tS, c: measured.cpMm },
          { tS: s.protocol.frame_times_s, c: tissue.curve },
          { tS: Float64Array.from(vof.tS), c: Float64Array.from(vof.cpMm) },
        );
        return {
          tS: measured.tS,
          cpMm: unmixed.corrected,
          files: [
            'aif.csv',
            'vof.csv',
            'conc.nii.gz',
            'mask_artery.nii.gz',
            'mask_brain.nii.gz',
            ...(s.maskVein ? ['mask_vein.nii.gz'] : []),
          ],
          provenance: {
            option,
            source:
              'aif.csv = f ca + (1 - f) ct, ct the median of conc.nii.gz over the brain voxels next to mask_artery (outside the artery and vein masks) / (1 - hct), f from the area of vof.csv (whole acquisition, trapezoid)',
            arterial_fraction: unmixed.fraction,
            artery_area_mM_s: unmixed.measuredAreaMmS,
            tissue_area_mM_s: unmixed.tissueAreaMmS,
            venous_area_mM_s: unmixed.venousAreaMmS,
            window_s: unmixed.windowS,
            ring_voxels: tissue.voxels,
            hct: s.protocol.hct,
          },
        };
      }
      case 'population': {
        const onsetS = estimateParkerOnsetS(measured.tS, measured.cpMm);
        const first = s.protocol.frame_times_s[0];
        const last = s.protocol.frame_times_s[s.protocol.frame_times_s.length - 1];
        const tS = Float64Array.from(
          { length: Math.floor((last - first) / POPULATION_AIF_STEP_S) + 1 },
          (_, i) => first + i * POPULATION_AIF_STEP_S,
        );
        const { dose_mmol_per_kg: doseMmolPerKg, hct } = s.protocol;
        return {
          tS,
          cpMm: populationPlasmaAif(tS, { doseMmolPerKg, hct, onsetS }),
          files: ['aif.csv'],
          provenance: {
            option,
            source:
              "Parker 2006 scaled by protocol.json's dose, plasma with its hct, onset matched to aif.csv's timing",
            dose_mmol_per_kg: doseMmolPerKg,
            hct,
            onset_s: onsetS,
            step_s: POPULATION_AIF_STEP_S,
          },
        };
      }
      case 'oracle': {
        const oracle = required(
          dir,
          s.aifOracle,
          'aif_oracle.csv',
          `the ${option} AIF is the true AIF a simulator writes`,
        );
        return {
          tS: Float64Array.from(oracle.tS),
          cpMm: Float64Array.from(oracle.cpMm),
          files: ['aif_oracle.csv'],
          provenance: { option, source: 'aif_oracle.csv', reference_only: ORACLE_AIF_NOTE },
        };
      }
    }
  } catch (err) {
    if (err instanceof FormatError || !(err instanceof CodedError)) throw err;
    throw new FormatError(err.code, `${dir}: the ${option} AIF: ${err.message}`);
  }
}

function required(dir: string, curve: PlasmaCurve | undefined, file: string, why: string): PlasmaCurve {
  if (curve) return curve;
  throw new FormatError(
    'SUBJECT_FILE_MISSING',
    `${join(dir, file)}: missing from the subject folder; ${why} (docs/subject-folder.md). Fit with --aif artery or --aif population instead, or add ${file}`,
  );
}
