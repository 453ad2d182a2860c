/**
 * The names of parameter maps and of the grading features made from them, shared by the writers
 * (formats/fit-map-folder.ts, the simulator's truth/ and QTMnet's maps/qtmnet/), the grading, and the experiment
 * config's pre-specified features. File stems carry the field's units (OSIPI: Fp in mL/100 mL/min, PS and
 * Ktrans in /min, |u| in mm/s); `fromSi` converts perfusion/'s SI values to them.
 */
import { ROI_STATISTICS } from '../perfusion/grading/roi-features';
import type { KineticModel } from '../perfusion/models/kinetic-model';
import { KINETIC_MODELS } from '../perfusion/models/model-registry';
import { perSecondToMlPer100mlPerMin, perSecondToPerMin } from '../perfusion/units';

/** Map file stem for an SI parameter name, and the factor from SI to the file's unit. */
export const MAP_NAMES: Readonly<Record<string, { stem: string; fromSi: number }>> = {
  Fp: { stem: 'fp_ml_100ml_min', fromSi: perSecondToMlPer100mlPerMin(1) },
  PS: { stem: 'ps_per_min', fromSi: perSecondToPerMin(1) },
  Ktrans: { stem: 'ktrans_per_min', fromSi: perSecondToPerMin(1) },
  vp: { stem: 'vp', fromSi: 1 },
  ve: { stem: 've', fromSi: 1 },
};

/** The simulator's ground-truth maps (truth/), also the maps QTMnet infers (maps/qtmnet/). */
export const TRUTH_MAPS = ['u_mm_s', 'fp_ml_100ml_min', 'ps_per_min', 'vp', 've', 'ktrans_per_min'] as const;
export type TruthMapName = (typeof TRUTH_MAPS)[number];

/**
 * SI names of the parameter maps a fit of `model` writes: its own parameters, plus Ktrans = E Fp when it has
 * Fp and PS but no Ktrans (so every model's Ktrans can be compared with Tofts-type maps).
 */
export function fittedMapParameters(model: KineticModel): string[] {
  const names = model.parameters.map((p) => p.name);
  const derivesKtrans = names.includes('Fp') && names.includes('PS') && !names.includes('Ktrans');
  return derivesKtrans ? [...names, 'Ktrans'] : names;
}

/** File stems of the maps a graded method writes: a fitted model's, or QTMnet's (every truth map). */
export function methodMapStems(method: string): readonly string[] {
  if (method === 'qtmnet') return TRUTH_MAPS;
  const model = KINETIC_MODELS[method as keyof typeof KINETIC_MODELS];
  return model ? fittedMapParameters(model).map((name) => MAP_NAMES[name].stem) : [];
}

/** The grading features of a method: `<map stem>_<ROI statistic>`, e.g. `ktrans_per_min_mean`. */
export function methodFeatures(method: string): string[] {
  return methodMapStems(method).flatMap((stem) => ROI_STATISTICS.map((st) => `${stem}_${st}`));
}

/**
 * The primary feature of a method when the config names none: the tumour ROI's mean Ktrans, the DCE
 * parameter most consistently related to glioma grade (Patankar et al., AJNR 2005; Arevalo-Perez et al.,
 * J Neuroimaging 2015; docs/grading.md). Every graded method writes a Ktrans map.
 */
export const DEFAULT_PRIMARY_FEATURE = 'ktrans_per_min_mean';
