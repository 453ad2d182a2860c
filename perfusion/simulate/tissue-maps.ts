/**
 * Per-subject tissue parameters: each class (grey matter, white matter, tumour, oedema) gets a subject-level
 * value drawn from its configured range, then the tumour's flow and PS vary smoothly voxel to voxel
 * (log-normal-like factor exp(heterogeneity * noise)), the heterogeneous angiogenic flow of high-grade
 * tumours. Necrosis has no perfusion (vp = 0, permeability 0). SI units out: 1/s, fractions, s.
 * The tumour's Fp, PS, vp and ve share a per-subject "aggressiveness" z: a one-factor Gaussian copula (Nelsen,
 * An Introduction to Copulas, 2006) with loading TUMOUR_AGGRESSIVENESS_LOADING keeps each marginal exactly the
 * configured log-uniform / uniform range while angiogenesis raises flow, volume and leakiness together, so
 * combining parameters separates the grades little better than the best one (docs/simulator.md).
 */
import { normalCdf } from '../grading/normal-distribution';
import type { SeededRandom } from '../random/seeded-random';
import type { TissueRanges, TumourClass } from './simulation-config';
import { type CellGrid, logUniformIn, normalDeviate, smoothNoise, uniformIn } from './smooth-noise';
import type { TissueGeometry } from './tumour-geometry';

export interface TissueMaps {
  /** Wanted plasma perfusion (sets arteriole/venule density), 1/s. */
  fpTargetPerS: Float64Array;
  /** PS, 1/s. */
  psPerS: Float64Array;
  vp: Float64Array;
  ve: Float64Array;
  t10S: Float64Array;
  /** Relative Darcy permeability, 0 in necrosis. */
  permeability: Float64Array;
  /** Subject-level draws per class, OSIPI units (mL/100 mL/min, /min), for provenance. */
  drawn: Record<string, { fpMlPer100MlMin: number; psPerMin: number; vp: number; ve: number; t10S: number }>;
}

function draw(rng: SeededRandom, r: TissueRanges) {
  return {
    fpMlPer100MlMin: logUniformIn(rng, r.fpMlPer100MlMin),
    psPerMin: logUniformIn(rng, r.psPerMin),
    vp: uniformIn(rng, r.vp),
    ve: uniformIn(rng, r.ve),
    t10S: uniformIn(rng, r.t10S),
  };
}

/**
 * Loading of a tumour's Fp, PS, vp and ve normal scores on the shared aggressiveness (pairwise correlation of
 * the scores = loading^2 = 0.64): a design choice, no source quantifies it (docs/simulator.md).
 */
export const TUMOUR_AGGRESSIVENESS_LOADING = 0.8;

/** Tumour draw: each parameter at quantile Phi(rho z + sqrt(1 - rho^2) e) of its range, z shared, e its own. */
function drawTumour(rng: SeededRandom, r: TissueRanges) {
  const rho = TUMOUR_AGGRESSIVENESS_LOADING;
  const aggressiveness = normalDeviate(rng);
  const quantile = () => normalCdf(rho * aggressiveness + Math.sqrt(1 - rho * rho) * normalDeviate(rng));
  const logAt = ([lo, hi]: readonly [number, number], u: number) => lo * (hi / lo) ** u;
  const linearAt = ([lo, hi]: readonly [number, number], u: number) => lo + (hi - lo) * u;
  return {
    fpMlPer100MlMin: logAt(r.fpMlPer100MlMin, quantile()),
    psPerMin: logAt(r.psPerMin, quantile()),
    vp: linearAt(r.vp, quantile()),
    ve: linearAt(r.ve, quantile()),
    t10S: uniformIn(rng, r.t10S),
  };
}

export function generateTissueMaps(
  grid: CellGrid,
  geometry: TissueGeometry,
  normal: { gm: TissueRanges; wm: TissueRanges },
  tumour: TumourClass,
  rng: SeededRandom,
): TissueMaps {
  const n = grid.nx * grid.ny * grid.nz;
  const drawn = {
    gm: draw(rng, normal.gm),
    wm: draw(rng, normal.wm),
    tumour: drawTumour(rng, tumour.tumour),
    oedema: draw(rng, tumour.oedema),
  };
  const flowNoise = smoothNoise(grid, 5, rng);
  const leakNoise = smoothNoise(grid, 5, rng);
  const maps: TissueMaps = {
    fpTargetPerS: new Float64Array(n),
    psPerS: new Float64Array(n),
    vp: new Float64Array(n),
    ve: new Float64Array(n),
    t10S: new Float64Array(n),
    permeability: new Float64Array(n),
    drawn,
  };
  for (let i = 0; i < n; i++) {
    const label = geometry.label[i];
    if (label === 2) {
      maps.t10S[i] = drawn.tumour.t10S * 1.3; // necrotic fluid: longer T1
      maps.ve[i] = 0;
      continue;
    }
    const cls =
      label === 1 ? drawn.tumour : label === 3 ? drawn.oedema : geometry.greyMatter[i] ? drawn.gm : drawn.wm;
    const ranges =
      label === 1
        ? tumour.tumour
        : label === 3
          ? tumour.oedema
          : geometry.greyMatter[i]
            ? normal.gm
            : normal.wm;
    const het = label === 1 ? tumour.heterogeneity : 0;
    maps.fpTargetPerS[i] = (cls.fpMlPer100MlMin / 6000) * Math.exp(het * flowNoise[i]);
    maps.psPerS[i] = (cls.psPerMin / 60) * Math.exp(het * leakNoise[i]);
    maps.vp[i] = cls.vp;
    maps.ve[i] = cls.ve;
    maps.t10S[i] = cls.t10S;
    maps.permeability[i] = ranges.permeability;
  }
  return maps;
}
