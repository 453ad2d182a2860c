/**
 * Tumour ROI generation: an irregular tumour (an ellipsoid whose boundary is displaced by smooth noise, i.e.
 * thresholded smoothed noise around a centre) in grey/white-matter-like tissue, with an optional necrotic
 * core following the same distorted shape and an oedema shell. Labels as in mask_tumour.nii.gz:
 * 1 enhancing (LGG: the whole tumour), 2 necrosis, 3 oedema, 0 elsewhere. Units: mm.
 */

import { PerfusionInputError } from '../errors';
import { orderStatistic } from '../math/quantile';
import type { SeededRandom } from '../random/seeded-random';
import type { TumourClass } from './simulation-config';
import { type CellGrid, smoothNoise, uniformIn } from './smooth-noise';

export interface TissueGeometry {
  /** 0 normal, 1 enhancing tumour, 2 necrosis, 3 oedema, per cell. */
  label: Uint8Array;
  /** 1 where normal tissue is grey-matter-like, 0 white-matter-like. */
  greyMatter: Uint8Array;
  /** Drawn shape parameters (for provenance). */
  shape: {
    centreMm: number[];
    radiusMm: number;
    axes: number[];
    necrosisFraction: number;
    oedemaMarginMm: number;
  };
}

export function generateTissueGeometry(
  grid: CellGrid,
  tumour: TumourClass,
  gmFraction: number,
  rng: SeededRandom,
  grade: string,
): TissueGeometry {
  const n = grid.nx * grid.ny * grid.nz;
  const ext = [grid.nx * grid.h, grid.ny * grid.h, grid.nz * grid.h];
  const radius = uniformIn(rng, tumour.radiusMm);
  const axes = [1, uniformIn(rng, [0.8, 1.2]), uniformIn(rng, [0.7, 1])];
  // Keep the centre far enough from the block faces that most of the tumour lies inside.
  const centre = ext.map(
    (e, d) => e / 2 + uniformIn(rng, [-1, 1]) * Math.max(0, e / 2 - radius * axes[d] - 2) * 0.5,
  );
  const necrosisFraction = uniformIn(rng, tumour.necrosisFraction);
  const oedemaMarginMm = uniformIn(rng, tumour.oedemaMarginMm);
  const boundary = smoothNoise(grid, Math.max(4, radius * 0.8), rng);
  const texture = smoothNoise(grid, 12, rng);
  const threshold = orderStatistic(texture, 1 - gmFraction);
  const label = new Uint8Array(n);
  const greyMatter = new Uint8Array(n);
  let tumourCells = 0;
  for (let z = 0, i = 0; z < grid.nz; z++) {
    for (let y = 0; y < grid.ny; y++) {
      for (let x = 0; x < grid.nx; x++, i++) {
        const p = [(x + 0.5) * grid.h, (y + 0.5) * grid.h, (z + 0.5) * grid.h];
        const r = Math.hypot(...p.map((v, d) => (v - centre[d]) / axes[d]));
        const s = r / radius + tumour.irregularity * boundary[i]; // < 1 inside the tumour
        greyMatter[i] = texture[i] > threshold ? 1 : 0;
        if (s < necrosisFraction) label[i] = 2;
        else if (s < 1) label[i] = 1;
        else if (s < 1 + oedemaMarginMm / radius) label[i] = 3;
        if (label[i] === 1) tumourCells++;
      }
    }
  }
  if (tumourCells === 0) {
    throw new PerfusionInputError(
      'INVALID_CONFIG',
      `${grade}.radiusMm / ${grade}.necrosisFraction: the drawn tumour has no enhancing cells; increase the radius or reduce the necrosis fraction`,
    );
  }
  return {
    label,
    greyMatter,
    shape: { centreMm: centre, radiusMm: radius, axes, necrosisFraction, oedemaMarginMm },
  };
}
