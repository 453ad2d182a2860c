/**
 * The tissue around the arterial region, as the two-component partial-volume correction
 * (tissue-mixture-correction.ts) needs it: the curve of the tissue that shares the arterial voxels with the
 * artery, estimated from the voxels next to them.
 *
 * The rule, fixed before any evaluation run:
 *  - the ring is one voxel wide: every voxel that shares a face, an edge or a corner with a voxel of the
 *    artery mask (26-neighbourhood in voxel indices, whatever the voxel size), inside the brain mask, outside
 *    the artery mask and the vein mask. The nearest tissue is the best stand-in for the tissue inside the
 *    arterial voxels (the model's assumption); a wider ring reaches other tissue (tumour, another territory);
 *  - the ring's curve is the median over its voxels at each frame, not the mean: the artery runs on through
 *    some of its neighbours below the artery mask's threshold, and its first branches leave through others;
 *    their first-pass peak would otherwise be taken for tissue and subtracted from the arterial curve. The
 *    median ignores such voxels while they are fewer than half the ring, and voxels of another tissue class
 *    with them;
 *  - voxels with a non-finite concentration in any frame are left out; a ring of fewer than 8 voxels (the
 *    in-plane neighbours of one voxel) is refused, since one vessel voxel then moves the median;
 *  - the median is divided by 1 - Hct (the haematocrit the analysis assumes), the factor that puts a measured
 *    arterial curve on the plasma scale (simulate/vessel-masks.ts), so both terms of the mixture share a scale.
 * Units: concentrations in mM, Hct a fraction.
 */
import { PerfusionInputError } from '../errors';
import { median } from '../math/quantile';

/** Fewest ring voxels accepted: the 8 in-plane neighbours of a single arterial voxel. */
export const MIN_RING_VOXELS = 8;

export interface RingMasks {
  /** Grid size [nx, ny, nz]; voxels x fastest, then y, then z. */
  dims: readonly [number, number, number];
  /** Nonzero where the arterial curve was measured. */
  artery: ArrayLike<number>;
  /** Nonzero inside the brain: only these voxels can be ring voxels. */
  brain: ArrayLike<number>;
  /** Nonzero inside the venous sinus (excluded), when the subject has one. */
  vein?: ArrayLike<number>;
}

/** Indices of the ring voxels: brain voxels next to the artery mask, not in the artery or vein mask. */
export function arterialTissueRing(m: RingMasks): Int32Array {
  const [nx, ny, nz] = m.dims;
  const n = nx * ny * nz;
  for (const [name, mask] of [
    ['artery', m.artery],
    ['brain', m.brain],
    ['vein', m.vein ?? new Uint8Array(n)],
  ] as const)
    if (mask.length !== n)
      throw new PerfusionInputError(
        'SHAPE_MISMATCH',
        `the ${name} mask holds ${mask.length} voxels, the grid ${nx} x ${ny} x ${nz} = ${n}`,
      );
  const ring = new Uint8Array(n);
  let arterial = 0;
  for (let v = 0; v < n; v++) {
    if (!m.artery[v]) continue;
    arterial++;
    const x = v % nx;
    const y = Math.floor(v / nx) % ny;
    const z = Math.floor(v / (nx * ny));
    for (let dz = -1; dz <= 1; dz++)
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const [i, j, k] = [x + dx, y + dy, z + dz];
          if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) continue;
          const w = i + nx * (j + ny * k);
          if (m.brain[w] && !m.artery[w] && !m.vein?.[w]) ring[w] = 1;
        }
  }
  if (arterial === 0)
    throw new PerfusionInputError(
      'EMPTY_ARTERY_MASK',
      'the artery mask holds no voxel, so there is no arterial curve to correct and no tissue around it; draw mask_artery in a feeding artery',
    );
  return Int32Array.from(ring.keys()).filter((v) => ring[v] === 1);
}

/**
 * The ring's tissue curve on the plasma scale, mM per frame: at each frame the median concentration of the
 * ring voxels of `concentration` (mM; frame after frame, `nVoxels` per frame) that are finite in every frame,
 * over 1 - `assumedHct`. Also returns how many voxels entered.
 */
export function tissueRingCurve(
  concentration: ArrayLike<number>,
  nVoxels: number,
  ring: Int32Array,
  assumedHct: number,
): { curve: Float64Array; voxels: number } {
  if (!(assumedHct >= 0 && assumedHct < 1))
    throw new PerfusionInputError(
      'INVALID_HCT',
      `the assumed haematocrit must lie in [0, 1), got ${assumedHct}`,
    );
  const frames = Math.floor(concentration.length / nVoxels);
  const finite = Array.from(ring).filter((v) => {
    for (let f = 0; f < frames; f++) if (!Number.isFinite(concentration[f * nVoxels + v])) return false;
    return true;
  });
  if (finite.length < MIN_RING_VOXELS)
    throw new PerfusionInputError(
      'TISSUE_RING_TOO_SMALL',
      `the tissue ring around the artery mask holds ${finite.length} usable voxels (${ring.length} next to it inside the brain mask, outside the artery and vein masks, finite in every frame); the correction needs at least ${MIN_RING_VOXELS}: draw mask_artery inside the brain, away from the volume's edges`,
    );
  const curve = Float64Array.from(
    { length: frames },
    (_, f) => median(finite.map((v) => concentration[f * nVoxels + v])) / (1 - assumedHct),
  );
  return { curve, voxels: finite.length };
}
