/**
 * The arterial input function of an imported subject, one of four ways: `auto`, voxels found by cluster
 * analysis (perfusion/aif/cluster-aif.ts, Mouridsen et al. 2006) in the brain; `mask`, the voxels of the
 * subject's artery.nii.gz; `parker` or `georgiou`, a population AIF (Parker et al. 2006; Georgiou et al. 2019)
 * placed at the detected bolus arrival. Image-derived AIFs are the mean tissue concentration of their voxels
 * divided by 1 - Hct (plasma); mask_artery.nii.gz records the voxels (empty for a population AIF).
 */
import { FormatError } from '../../formats/format-error';
import { MOURIDSEN_2006, selectClusterAif } from '../../perfusion/aif/cluster-aif';
import { georgiouBloodAif } from '../../perfusion/aif/georgiou-aif';
import { bloodToPlasma, parkerPlasmaAif } from '../../perfusion/aif/parker-aif';

export const AIF_METHODS = ['auto', 'mask', 'parker', 'georgiou'] as const;
export type AifMethod = (typeof AIF_METHODS)[number];

export const AIF_REFERENCES: Record<AifMethod, string> = {
  auto: 'Mouridsen K et al., MRM 2006;55:524, doi 10.1002/mrm.20759 (cluster analysis)',
  mask: 'mean concentration in the given artery mask',
  parker: 'Parker GJM et al., MRM 2006;56:993, doi 10.1002/mrm.21066 (population AIF)',
  georgiou: 'Georgiou L et al., MRM 2019;81:1955, doi 10.1002/mrm.27524 (population AIF)',
};

/** Length of the clustered first pass after the arrival frame, s. */
const FIRST_PASS_S = 60;

export interface AifInput {
  method: AifMethod;
  conc: Float32Array;
  voxelCount: number;
  frameTimesS: number[];
  brain: Uint8Array;
  /** artery.nii.gz on the grid, when given. */
  artery?: Uint8Array;
  arrivalFrame: number;
  hct: number;
  label: string;
}

export interface ImportedAif {
  plasmaMm: Float64Array;
  mask: Uint8Array;
  /** What provenance records about the choice. */
  details: Record<string, unknown>;
}

export function importedAif(a: AifInput): ImportedAif {
  const t = Float64Array.from(a.frameTimesS);
  const n = a.voxelCount;
  const mask = new Uint8Array(n);
  const details: Record<string, unknown> = { method: a.method, reference: AIF_REFERENCES[a.method] };
  if (a.method === 'parker' || a.method === 'georgiou') {
    // The bolus reaches the brain between the last quiet frame and the arrival frame: start at the former.
    const onsetS = t[Math.max(0, a.arrivalFrame - 1)];
    const plasmaMm =
      a.method === 'parker'
        ? parkerPlasmaAif(t, { onsetS, hct: a.hct })
        : bloodToPlasma(georgiouBloodAif(t, { onsetS }), a.hct);
    return { plasmaMm, mask, details: { ...details, onset_s: onsetS } };
  }
  let voxels: number[];
  if (a.method === 'mask') {
    if (!a.artery)
      throw new FormatError(
        'SUBJECT_FILE_MISSING',
        `${a.label}: --aif mask needs artery.nii.gz (the voxels to average)`,
      );
    voxels = [...a.artery.keys()].filter((v) => a.artery?.[v]);
    if (voxels.length === 0) throw new FormatError('EMPTY_MASK', `${a.label}: artery.nii.gz marks no voxel`);
  } else {
    let end = a.arrivalFrame;
    while (end < t.length && t[end] <= t[a.arrivalFrame] + FIRST_PASS_S) end++;
    const window: [number, number] = [Math.max(0, a.arrivalFrame - 1), Math.max(end, a.arrivalFrame + 1)];
    const found = selectClusterAif(
      { conc: a.conc, voxelCount: n, frameTimesS: t, candidates: a.brain },
      { ...MOURIDSEN_2006, window },
    );
    voxels = Array.from(found.voxels);
    Object.assign(details, { options: { ...MOURIDSEN_2006, window_frames: window }, counts: found.counts });
  }
  for (const v of voxels) mask[v] = 1;
  const plasmaMm = Float64Array.from(t, (_, f) => {
    let sum = 0;
    for (const v of voxels) sum += a.conc[v + f * n];
    return sum / voxels.length / (1 - a.hct);
  });
  if (!plasmaMm.every(Number.isFinite))
    throw new FormatError(
      'INVALID_AIF',
      `${a.label}: the AIF voxels include voxels whose concentration could not be computed (no T10 or a saturated signal); check the T1 map and the artery mask`,
    );
  return { plasmaMm, mask, details: { ...details, voxels: voxels.length } };
}
