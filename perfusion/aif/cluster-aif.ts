/**
 * Automatic arterial input function by cluster analysis: Mouridsen K, Christensen S, Gyldensted L, Ostergaard L,
 * "Automatic selection of arterial input function using cluster analysis", MRM 2006;55:524, doi 10.1002/mrm.20759.
 *
 * 1. Of the candidate voxels (the brain), keep those whose area under the concentration curve is in the top
 *    `aucFraction` (paper: 10%): during the first pass, arteries carry the most tracer.
 * 2. Drop the `roughnessExclusion` fraction of them with the largest roughness sum (C'')^2 (paper: 25%).
 * 3. Normalise each curve to unit area over the clustering window, so that clusters differ in shape only.
 * 4. k-means (paper: k = 5) on the normalised curves; keep the cluster whose centre has the smallest first
 *    moment (the earliest, narrowest bolus). 5. Repeat 4 on that cluster (paper: two passes in all).
 * The AIF is the mean of the kept voxels' unnormalised curves (tissue concentration; the caller divides by
 * 1 - Hct for plasma).
 *
 * Every step looks at the frames of `window` only (default: all). The paper's DSC-MRI series are essentially
 * the first pass; a DCE-MRI series goes on for minutes of leakage, which gives leaky tumour more area than an
 * artery, so the importer passes the first pass (jobs/import/import-aif.ts). Two choices the paper leaves open:
 * the starting centres are the mean normalised curves of the k groups of equal size ordered by first moment
 * (so the selection is deterministic), and areas and moments are trapezoid integrals over the frame times
 * (frames need not be evenly spaced). One deviation by default: the roughness step was tuned on DSC-MRI sampled
 * every ~1.5 s, where the roughest curves are noisy tissue; at the several-second frame intervals of DCE-MRI
 * the sharp first pass itself makes the arterial curves the roughest, and the step removes them (a unit test
 * shows it), so `roughnessExclusion` defaults to 0 here.
 */
import { PerfusionInputError } from '../errors';
import { kMeans } from '../math/k-means';

export interface ClusterAifOptions {
  /** Fraction of candidates kept by area under the curve (paper: 0.1). */
  aucFraction: number;
  /** Fraction of the kept curves dropped as roughest (paper: 0.25; default 0, see the file comment). */
  roughnessExclusion: number;
  /** Clusters per k-means pass (paper: 5). */
  clusters: number;
  /** k-means passes, each on the previous pass's earliest cluster (paper: 2). */
  passes: number;
  /** Frames [start, end) every step looks at (the first pass); default all frames. */
  window?: [number, number];
}

export const MOURIDSEN_2006: ClusterAifOptions = {
  aucFraction: 0.1,
  roughnessExclusion: 0,
  clusters: 5,
  passes: 2,
};

export interface ClusterAifInput {
  /** Tissue concentration (mM), value(v, f) = conc[v + f * voxelCount]. */
  conc: Float32Array;
  voxelCount: number;
  /** Frame times (s), increasing. */
  frameTimesS: ArrayLike<number>;
  /** Voxels to search (non-zero = candidate), e.g. the brain mask. */
  candidates: Uint8Array;
}

export interface ClusterAifResult {
  /** Selected voxel indices, ascending. */
  voxels: Int32Array;
  /** Mean tissue concentration of the selected voxels at every frame (mM). */
  curve: Float64Array;
  /** Voxels left after each step: candidates, area, roughness, then each k-means pass. */
  counts: { candidates: number; area: number; roughness: number; passes: number[] };
}

/** Selects arterial voxels and their mean curve (see the file comment for the method). */
export function selectClusterAif(
  input: ClusterAifInput,
  options: ClusterAifOptions = MOURIDSEN_2006,
): ClusterAifResult {
  const { conc, voxelCount: n, candidates } = input;
  const t = Float64Array.from(input.frameTimesS);
  const nt = t.length;
  if (conc.length !== n * nt || candidates.length !== n)
    throw new PerfusionInputError(
      'LENGTH_MISMATCH',
      `AIF search needs ${n} voxels x ${nt} frames of concentration and ${n} candidate flags; got ${conc.length} and ${candidates.length}`,
    );
  const [w0, w1] = options.window ?? [0, nt];
  if (!(Number.isInteger(w0) && Number.isInteger(w1) && w0 >= 0 && w1 <= nt && w1 - w0 >= 2))
    throw new PerfusionInputError(
      'INVALID_WINDOW',
      `AIF clustering window [${w0}, ${w1}) must hold >= 2 of ${nt} frames`,
    );
  const curve = (v: number) => Float64Array.from({ length: nt }, (_, f) => conc[v + f * n]);
  const pool: number[] = [];
  for (let v = 0; v < n; v++) if (candidates[v] && curve(v).every(Number.isFinite)) pool.push(v);
  if (pool.length === 0)
    throw new PerfusionInputError('AIF_NOT_FOUND', 'no candidate voxel has a finite concentration curve');
  const area = new Map(pool.map((v) => [v, trapezoid(t, curve(v), w0, w1)]));
  const byArea = [...pool].sort((a, b) => (area.get(b) as number) - (area.get(a) as number) || a - b);
  let kept = byArea.slice(0, Math.max(1, Math.ceil(options.aucFraction * pool.length)));
  const afterArea = kept.length;
  const rough = new Map(kept.map((v) => [v, roughness(curve(v).subarray(w0, w1))]));
  const byRoughness = [...kept].sort((a, b) => (rough.get(a) as number) - (rough.get(b) as number) || a - b);
  kept = byRoughness.slice(
    0,
    Math.max(1, kept.length - Math.floor(options.roughnessExclusion * kept.length)),
  );
  const afterRoughness = kept.length;
  const shapes = new Map<number, Float64Array>();
  for (const v of kept) {
    const y = curve(v).subarray(w0, w1);
    const a = trapezoid(t.subarray(w0, w1), y, 0, w1 - w0);
    if (a > 0)
      shapes.set(
        v,
        y.map((c) => c / a),
      );
  }
  kept = kept.filter((v) => shapes.has(v));
  if (kept.length === 0)
    throw new PerfusionInputError(
      'AIF_NOT_FOUND',
      'no high-area candidate has a positive area in the clustering window',
    );
  const window = t.subarray(w0, w1).map((x) => x - t[w0]);
  const moment = (y: Float64Array) =>
    trapezoid(
      window,
      y.map((c, i) => c * window[i]),
      0,
      y.length,
    );
  const passes: number[] = [];
  for (let p = 0; p < options.passes && kept.length > 1; p++) {
    const points = kept.map((v) => shapes.get(v) as Float64Array);
    const result = kMeans(points, startingCentres(points, moment, Math.min(options.clusters, points.length)));
    const occupied = [...new Set(result.labels)];
    const earliest = occupied.reduce((a, b) =>
      moment(result.centres[b]) < moment(result.centres[a]) ? b : a,
    );
    kept = kept.filter((_, i) => result.labels[i] === earliest);
    passes.push(kept.length);
  }
  const voxels = Int32Array.from(kept).sort();
  const mean = new Float64Array(nt);
  for (const v of voxels) for (let f = 0; f < nt; f++) mean[f] += conc[v + f * n] / voxels.length;
  return {
    voxels,
    curve: mean,
    counts: { candidates: pool.length, area: afterArea, roughness: afterRoughness, passes },
  };
}

/** Mean shapes of k equal-size groups ordered by first moment. */
function startingCentres(
  points: Float64Array[],
  moment: (y: Float64Array) => number,
  k: number,
): Float64Array[] {
  const order = points.map((p, i) => [moment(p), i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return Array.from({ length: k }, (_, j) => {
    const group = order.slice(Math.floor((j * order.length) / k), Math.floor(((j + 1) * order.length) / k));
    const centre = new Float64Array(points[0].length);
    for (const [, i] of group)
      for (let l = 0; l < centre.length; l++) centre[l] += points[i][l] / group.length;
    return centre;
  });
}

/** Trapezoid integral of y over t between indices [from, to). */
function trapezoid(t: ArrayLike<number>, y: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from + 1; i < to; i++) s += 0.5 * (y[i] + y[i - 1]) * (t[i] - t[i - 1]);
  return s;
}

/** Sum of squared second differences (the discrete roughness of the paper's irregularity index). */
function roughness(y: Float64Array): number {
  let r = 0;
  for (let i = 1; i < y.length - 1; i++) r += (y[i + 1] - 2 * y[i] + y[i - 1]) ** 2;
  return r;
}
