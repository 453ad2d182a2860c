/**
 * The names of parameter maps and of the grading features made from them, shared by the writers
 * (formats/fit-map-folder.ts, the simulator's truth/ and QTMnet's maps/qtmnet/), the grading, and the experiment
 * config's pre-specified features. File stems carry the field's units (OSIPI: Fp in mL/100 mL/min, PS and
 * Ktrans in /min, |u| in mm/s); `fromSi` converts perfusion/'s SI values to them.
 */
import { ROI_STATISTICS } from '../perfusion/grading/roi-features';
import { type KineticModel, MODEL_NAMES, type ModelName } from '../perfusion/models/kinetic-model';
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

/**
 * The AIF a kinetic fit uses (docs/science.md section 3.5): `artery` the curve measured in the artery
 * (aif.csv, with its partial volume), `corrected` that curve scaled to the venous output's area (vof.csv),
 * `tissue-corrected` that curve freed of the tissue measured around the artery (conc.nii.gz) before it is
 * matched to the venous output's area, `population` Parker's curve scaled by the dose and timed by the data,
 * `oracle` the true AIF at the arterial root (aif_oracle.csv): a reference that no real study has.
 */
export const AIF_OPTIONS = ['artery', 'corrected', 'tissue-corrected', 'population', 'oracle'] as const;
export type AifOption = (typeof AIF_OPTIONS)[number];

/** Said wherever a result of the `oracle` AIF is shown, so it is never read as a method a study could use. */
export const ORACLE_AIF_NOTE = 'the true arterial-root AIF (aif_oracle.csv): a reference no real study has';

/**
 * The method name of a fit, which names its folder maps/<method>/ and its grading features: the model's
 * name with the measured arterial AIF (as before AIF options existed), `<model>-<aif>` with another AIF,
 * e.g. `2cxm-corrected`.
 */
export function fitMethodName(model: ModelName, aif: AifOption): string {
  return aif === 'artery' ? model : `${model}-${aif}`;
}

/** The model and AIF of a fit's method name (fitMethodName's inverse), or undefined for any other name. */
export function parseFitMethod(method: string): { model: ModelName; aif: AifOption } | undefined {
  // Model names hold no hyphen; AIF option names may (`tissue-corrected`).
  const cut = method.indexOf('-');
  const model = cut < 0 ? method : method.slice(0, cut);
  const aif = cut < 0 ? 'artery' : method.slice(cut + 1);
  const known =
    (MODEL_NAMES as readonly string[]).includes(model) && (AIF_OPTIONS as readonly string[]).includes(aif);
  return known && fitMethodName(model as ModelName, aif as AifOption) === method
    ? { model: model as ModelName, aif: aif as AifOption }
    : undefined;
}

/** File stems of the maps a graded method writes: a fitted model's, or QTMnet's (every truth map). */
export function methodMapStems(method: string): readonly string[] {
  if (method === 'qtmnet') return TRUTH_MAPS;
  const fit = parseFitMethod(method);
  return fit ? fittedMapParameters(KINETIC_MODELS[fit.model]).map((name) => MAP_NAMES[name].stem) : [];
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
