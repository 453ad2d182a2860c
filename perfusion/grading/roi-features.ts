/**
 * Per-subject ROI features for grading: histogram statistics of each parameter map inside a tumour region,
 * and mask composition (enhancing and necrotic fractions). Map values keep their SI units (e.g. Fp in 1/s,
 * |u| in m/s, vp and ve as fractions); statistics carry the map's unit, skewness and fractions are
 * dimensionless.
 *
 * Statistics: mean; median, p10, p90 by R's type-7 quantile; skewness g1 = m3 / m2^(3/2) with population
 * moments (Joanes & Gill, The Statistician 1998, "g1"). Non-finite voxels (failed fits) are left out and
 * counted. An empty region gives NaN statistics with `voxels` = 0, so the caller can say which subject.
 */
import { PerfusionInputError } from '../errors';
import { quantileSorted } from '../math/quantile';

/** Tumour mask labels (docs/subject-folder.md). */
export const TUMOUR_LABEL = { enhancing: 1, necrosis: 2, oedema: 3 } as const;

export const ROI_STATISTICS = ['mean', 'median', 'p10', 'p90', 'skewness'] as const;
export type RoiStatistic = (typeof ROI_STATISTICS)[number];

export interface RegionStatistics extends Record<RoiStatistic, number> {
  /** Finite voxels used. */
  voxels: number;
  /** Voxels of the region left out because the map is not finite there. */
  nonFinite: number;
}

/** Statistics of `map` over voxels whose mask label is in `labels` (default: enhancing only). */
export function regionStatistics(
  map: Float32Array,
  mask: Uint8Array,
  labels: readonly number[] = [TUMOUR_LABEL.enhancing],
): RegionStatistics {
  if (map.length !== mask.length) {
    throw new PerfusionInputError(
      'SHAPE_MISMATCH',
      `map has ${map.length} voxels but the mask has ${mask.length}; both must be on the same grid`,
    );
  }
  const wanted = new Set(labels);
  const values: number[] = [];
  let nonFinite = 0;
  for (let i = 0; i < map.length; i++) {
    if (!wanted.has(mask[i])) continue;
    if (Number.isFinite(map[i])) values.push(map[i]);
    else nonFinite++;
  }
  const n = values.length;
  if (n === 0)
    return {
      mean: Number.NaN,
      median: Number.NaN,
      p10: Number.NaN,
      p90: Number.NaN,
      skewness: Number.NaN,
      voxels: 0,
      nonFinite,
    };
  const sorted = Float64Array.from(values).sort();
  let mean = 0;
  for (const v of sorted) mean += v;
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  for (const v of sorted) {
    const d = v - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n;
  m3 /= n;
  return {
    mean,
    median: quantileSorted(sorted, 0.5),
    p10: quantileSorted(sorted, 0.1),
    p90: quantileSorted(sorted, 0.9),
    // A constant region has no asymmetry: define its skewness as 0 rather than 0/0.
    skewness: m2 > 0 ? m3 / m2 ** 1.5 : 0,
    voxels: n,
    nonFinite,
  };
}

export interface MaskComposition {
  /** Enhancing voxels / (enhancing + necrotic) voxels; NaN for an empty tumour core. */
  enhancingFraction: number;
  /** Necrotic voxels / (enhancing + necrotic) voxels; NaN for an empty tumour core. */
  necroticFraction: number;
  /** Oedema voxels / all labelled voxels (labels 1-3); NaN when nothing is labelled. */
  oedemaFraction: number;
  /** Voxel counts per label. */
  enhancing: number;
  necrosis: number;
  oedema: number;
}

/** Composition of a tumour mask (labels 1 enhancing, 2 necrosis, 3 oedema). */
export function maskComposition(mask: Uint8Array): MaskComposition {
  let enhancing = 0;
  let necrosis = 0;
  let oedema = 0;
  for (const label of mask) {
    if (label === TUMOUR_LABEL.enhancing) enhancing++;
    else if (label === TUMOUR_LABEL.necrosis) necrosis++;
    else if (label === TUMOUR_LABEL.oedema) oedema++;
  }
  const core = enhancing + necrosis;
  const all = core + oedema;
  return {
    enhancingFraction: core > 0 ? enhancing / core : Number.NaN,
    necroticFraction: core > 0 ? necrosis / core : Number.NaN,
    oedemaFraction: all > 0 ? oedema / all : Number.NaN,
    enhancing,
    necrosis,
    oedema,
  };
}

/** One subject's maps: method name -> parameter name -> map (same grid as the mask). */
export interface SubjectMaps {
  subject: string;
  grade: string;
  maps: Record<string, Record<string, Float32Array>>;
  mask: Uint8Array;
}

export interface FeatureTable {
  /** `subject`, `grade`, mask fractions, then `<method>_<param>_<statistic>` in sorted method/param order. */
  header: string[];
  rows: (string | number)[][];
}

/**
 * Wide feature table, one row per subject. Every subject must have the same methods and parameters (the
 * first subject's set is the reference); a missing map is an error naming the subject.
 */
export function featureTable(subjects: readonly SubjectMaps[], labels?: readonly number[]): FeatureTable {
  if (subjects.length === 0)
    throw new PerfusionInputError('EMPTY_COHORT', 'no subjects to compute features for');
  const keys = Object.keys(subjects[0].maps)
    .sort()
    .flatMap((method) =>
      Object.keys(subjects[0].maps[method])
        .sort()
        .map((param) => [method, param] as const),
    );
  const header = [
    'subject',
    'grade',
    'mask_enhancing_fraction',
    'mask_necrotic_fraction',
    'mask_oedema_fraction',
  ];
  for (const [method, param] of keys) for (const s of ROI_STATISTICS) header.push(`${method}_${param}_${s}`);
  const rows = subjects.map((subj) => {
    const c = maskComposition(subj.mask);
    const row: (string | number)[] = [
      subj.subject,
      subj.grade,
      c.enhancingFraction,
      c.necroticFraction,
      c.oedemaFraction,
    ];
    for (const [method, param] of keys) {
      const map = subj.maps[method]?.[param];
      if (!map) {
        throw new PerfusionInputError(
          'MISSING_MAP',
          `subject ${subj.subject} has no ${method} map "${param}" (subject ${subjects[0].subject} has one); compute it or drop the method`,
        );
      }
      const st = regionStatistics(map, subj.mask, labels);
      for (const s of ROI_STATISTICS) row.push(st[s]);
    }
    return row;
  });
  return { header, rows };
}
