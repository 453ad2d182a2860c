/**
 * Lloyd's k-means (Lloyd, "Least squares quantization in PCM", IEEE Trans Inf Theory 1982;28:129): points are
 * assigned to the nearest centre (squared Euclidean distance, ties to the lower index), centres move to the
 * mean of their points, until no assignment changes. The caller gives the starting centres, so the result is
 * deterministic; a centre that loses all its points stays where it was. Units are the points'.
 */
import { PerfusionInputError } from '../errors';

export interface KMeansResult {
  /** Cluster index of each point. */
  labels: Int32Array;
  /** Final centres (one per starting centre). */
  centres: Float64Array[];
  /** Assignment passes made (the last changed nothing unless the limit was reached). */
  iterations: number;
}

/** Clusters `points` (all of one dimension) starting from `initial` centres; at most `maxIterations` passes. */
export function kMeans(
  points: ReadonlyArray<Float64Array>,
  initial: ReadonlyArray<Float64Array>,
  maxIterations = 100,
): KMeansResult {
  const k = initial.length;
  const d = initial[0]?.length ?? 0;
  if (k === 0 || points.length === 0)
    throw new PerfusionInputError('EMPTY_SAMPLE', 'k-means needs at least one point and one starting centre');
  if ([...points, ...initial].some((p) => p.length !== d))
    throw new PerfusionInputError('LENGTH_MISMATCH', `k-means points and centres must all have ${d} values`);
  const centres = initial.map((c) => Float64Array.from(c));
  const labels = new Int32Array(points.length).fill(-1);
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    let changed = 0;
    points.forEach((p, i) => {
      let best = 0;
      let bestDistance = Number.POSITIVE_INFINITY;
      centres.forEach((c, j) => {
        let distance = 0;
        for (let l = 0; l < d; l++) distance += (p[l] - c[l]) ** 2;
        if (distance < bestDistance) {
          bestDistance = distance;
          best = j;
        }
      });
      if (labels[i] !== best) {
        labels[i] = best;
        changed++;
      }
    });
    if (changed === 0) break;
    const sums = centres.map(() => new Float64Array(d));
    const counts = new Int32Array(k);
    points.forEach((p, i) => {
      counts[labels[i]]++;
      for (let l = 0; l < d; l++) sums[labels[i]][l] += p[l];
    });
    for (let j = 0; j < k; j++)
      if (counts[j] > 0) for (let l = 0; l < d; l++) centres[j][l] = sums[j][l] / counts[j];
  }
  return { labels, centres, iterations };
}
