/**
 * A venous sinus surrogate: a straight vessel of radius R along y, tangent to the block's x = max face and
 * centred in z, which the venous tree's root drains into, as cortical veins drain into the superior sagittal
 * sinus. It is several voxels wide, so voxels wholly inside it hold blood only and its curve can be measured
 * without partial volume (the venous output function used to calibrate a measured AIF). It carries the
 * block's venous outflow, and the rest of the brain it drains is taken to drain alike, so its plasma
 * concentration is the venous root's along its whole length; its own transit (a few cm of a large vein) is
 * neglected. Cells it touches hold no tissue: the part of such a cell outside the lumen stands for the sinus
 * wall and dura, with no tracer. Units: mm, mM.
 */
import type { CellGrid } from './smooth-noise';
import type { TissueMaps } from './tissue-maps';

export interface VenousSinus {
  /** Lumen volume fraction per cell, 0..1. */
  fraction: Float64Array;
  radiusMm: number;
  /** Where the venous tree's root joins the sinus wall, mm. */
  venousRootMm: [number, number, number];
}

/** Sub-samples per cell edge for the lumen fraction of a cell cut by the sinus wall. */
const SUBSAMPLES = 8;

export function venousSinus(grid: CellGrid, radiusMm: number): VenousSinus {
  const { nx, ny, nz, h } = grid;
  const xc = nx * h - radiusMm;
  const zc = (nz * h) / 2;
  // The sinus runs along y, so a cell's fraction is the share of its x-z square inside the circle.
  const section = new Float64Array(nx * nz);
  for (let z = 0; z < nz; z++)
    for (let x = 0; x < nx; x++) {
      let inside = 0;
      for (let a = 0; a < SUBSAMPLES; a++)
        for (let b = 0; b < SUBSAMPLES; b++) {
          const px = (x + (a + 0.5) / SUBSAMPLES) * h;
          const pz = (z + (b + 0.5) / SUBSAMPLES) * h;
          if (Math.hypot(px - xc, pz - zc) <= radiusMm) inside++;
        }
      section[x + nx * z] = inside / SUBSAMPLES ** 2;
    }
  const fraction = new Float64Array(nx * ny * nz);
  for (let z = 0, i = 0; z < nz; z++)
    for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++, i++) fraction[i] = section[x + nx * z];
  return { fraction, radiusMm, venousRootMm: [xc - radiusMm - h / 2, (ny * h) / 2, zc] };
}

/** Removes tissue from the cells the sinus touches: no perfusion, exchange or tumour there. */
export function carveSinus(maps: TissueMaps, label: Uint8Array, sinus: VenousSinus): void {
  for (let i = 0; i < label.length; i++) {
    if (sinus.fraction[i] === 0) continue;
    maps.fpTargetPerS[i] = 0;
    maps.psPerS[i] = 0;
    maps.vp[i] = 0;
    maps.ve[i] = 0;
    maps.permeability[i] = 0;
    label[i] = 0;
  }
}

/**
 * Adds the sinus's tracer to tissue frames (mM per cell): blood of haematocrit `hct` whose plasma carries the
 * venous root's concentration `venousPlasma` (mM, one value per frame).
 */
export function addSinusTracer(
  frames: Float64Array[],
  sinus: VenousSinus,
  venousPlasma: Float64Array,
  hct: number,
): void {
  for (const [f, frame] of frames.entries())
    for (let i = 0; i < frame.length; i++)
      if (sinus.fraction[i] > 0) frame[i] += (1 - hct) * sinus.fraction[i] * venousPlasma[f];
}
