/**
 * The vessel regions an analysis draws, and the plasma curves measured in them: the feeding artery (a few
 * voxels, narrower than a voxel, so partial volume), and the venous sinus (voxels wholly inside its lumen, no
 * partial volume). A measured curve is the mean tissue concentration of the region over (1 - Hct), with the
 * haematocrit the analysis assumes. Units: mM, fractions.
 */
import { PerfusionInputError } from '../errors';

/** The artery a radiologist would draw: up to 4 voxels of highest arterial lumen fraction (>= half the max). */
export function arteryMask(fraction: Float64Array): Uint8Array {
  const order = [...fraction.keys()].sort((a, b) => fraction[b] - fraction[a] || a - b);
  const mask = new Uint8Array(fraction.length);
  for (const v of order.slice(0, 4)) if (fraction[v] >= 0.5 * fraction[order[0]]) mask[v] = 1;
  return mask;
}

/** The sinus region: voxels whose volume is all lumen (voxel-averaged sinus fraction 1). */
export function veinMask(sinusFraction: Float64Array): Uint8Array {
  const mask = Uint8Array.from(sinusFraction, (f) => (f > 1 - 1e-9 ? 1 : 0));
  if (!mask.includes(1))
    throw new PerfusionInputError(
      'INVALID_CONFIG',
      'sinus.radiusMm: no imaging voxel lies wholly inside the venous sinus; widen it to a few voxels',
    );
  return mask;
}

/**
 * Plasma curve (mM per frame) measured in `mask`: mean of the 4D tissue concentration `concentration` (frame
 * after frame, `nVoxels` per frame, mM) over the region, divided by 1 - `assumedHct`.
 */
export function measuredPlasmaCurve(
  concentration: Float32Array,
  nVoxels: number,
  mask: Uint8Array,
  assumedHct: number,
): Float64Array {
  const region = [...mask.keys()].filter((v) => mask[v]);
  const frames = concentration.length / nVoxels;
  return Float64Array.from(
    { length: frames },
    (_, f) =>
      region.reduce((s, v) => s + concentration[f * nVoxels + v], 0) / region.length / (1 - assumedHct),
  );
}
