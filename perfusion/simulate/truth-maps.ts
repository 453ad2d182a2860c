/**
 * Ground truth on the imaging grid, in two definitions (docs/simulator.md, "Truth maps"):
 *  - kinetic (truth/): what the voxel's tracer kinetics encode. Fp is the plasma flow through the voxel's
 *    tissue per voxel volume: plasma entering its capillary bed, from terminal arterioles in it and across its
 *    faces from neighbouring voxels (equal to what leaves, to venules or neighbours). vp is the plasma volume
 *    the voxel holds: capillary bed plus the plasma share (1 - Hct) of its vessel lumens, whose tracer the
 *    signal includes. Ktrans = E Fp with E = PS / (Fp + PS) from that Fp;
 *  - supply (truth_supply/): the configured perfusion. Fp is the terminal arterioles' source flow spread over
 *    the territory each supplies (Gaussian of sd `territoryMm`, supply-perfusion.ts); vp excludes the lumens;
 *    Ktrans = E Fp from the supply Fp.
 * Shared by both: ve and PS, volume averages of the bed (no EES in lumens), and |u| = |q| / vp, mm/s, with q
 * the voxel-averaged Darcy plasma flux vector (cell fluxes from the mean of their two faces per axis) and vp the
 * voxel's capillary plasma fraction (docs/science.md 2). Units: 1/s, fractions, mm/s.
 */
import type { ImagingGrid } from './acquisition';
import { averageToImaging } from './acquisition';
import type { DarcyField } from './darcy-bed';
import { supplyPerfusionPerS } from './supply-perfusion';

export interface TruthMaps {
  speedMmS: Float64Array;
  fpPerS: Float64Array;
  psPerS: Float64Array;
  vp: Float64Array;
  ve: Float64Array;
  ktransPerS: Float64Array;
}

export interface TruthInput {
  darcy: DarcyField;
  /** Capillary-bed plasma and EES fractions and PS (1/s) per cell. */
  vp: Float64Array;
  ve: Float64Array;
  psPerS: Float64Array;
  /** Plasma volume fraction of vessel lumens per cell: (1 - Hct) x lumen fraction. */
  lumenPlasma: Float64Array;
  /** Sd of the supply territory of a terminal arteriole, mm. */
  territoryMm: number;
}

/** Plasma flow into each imaging voxel's bed, mm^3/s: sources in it plus face flows from other voxels. */
export function voxelInflow(darcy: DarcyField, index: Int32Array, img: ImagingGrid): Float64Array {
  const { nx, ny } = darcy.grid;
  const strides = [1, nx, nx * ny];
  const out = new Float64Array(img.dims[0] * img.dims[1] * img.dims[2]);
  for (let i = 0; i < index.length; i++) out[index[i]] += darcy.source[i];
  for (let d = 0; d < 3; d++) {
    const flux = darcy.faceFlux[d];
    for (let i = 0; i < index.length; i++) {
      const f = flux[i];
      if (f === 0) continue;
      const j = i + strides[d];
      if (index[i] !== index[j]) out[f > 0 ? index[j] : index[i]] += Math.abs(f);
    }
  }
  return out;
}

export function computeTruthMaps(
  input: TruthInput,
  index: Int32Array,
  img: ImagingGrid,
): { kinetic: TruthMaps; supply: TruthMaps } {
  const { darcy } = input;
  const { nx, ny, nz, h } = darcy.grid;
  const strides = [1, nx, nx * ny];
  const q = [new Float64Array(index.length), new Float64Array(index.length), new Float64Array(index.length)];
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        const coord = [x, y, z];
        for (let d = 0; d < 3; d++) {
          const below = coord[d] > 0 ? darcy.faceFlux[d][i - strides[d]] : 0;
          q[d][i] = (darcy.faceFlux[d][i] + below) / 2 / (h * h);
        }
      }
    }
  }
  const cellFp = supplyPerfusionPerS(darcy.source, (i) => input.vp[i] > 0, darcy.grid, input.territoryMm);
  const vp = averageToImaging(input.vp, index, img);
  const ve = averageToImaging(input.ve, index, img);
  const psPerS = averageToImaging(input.psPerS, index, img);
  const qAvg = q.map((c) => averageToImaging(c, index, img));
  const speedMmS = vp.map((p, v) => (p > 0 ? Math.hypot(qAvg[0][v], qAvg[1][v], qAvg[2][v]) / p : 0));
  const ktrans = (fp: Float64Array) =>
    fp.map((f, v) => (f + psPerS[v] > 0 ? (psPerS[v] * f) / (f + psPerS[v]) : 0));
  const voxelVolume = img.factor[0] * img.factor[1] * img.factor[2] * h ** 3;
  const throughFlow = voxelInflow(darcy, index, img).map((f) => f / voxelVolume);
  const supplyFp = averageToImaging(cellFp, index, img);
  const lumen = averageToImaging(input.lumenPlasma, index, img);
  return {
    kinetic: {
      speedMmS,
      fpPerS: throughFlow,
      psPerS,
      vp: vp.map((p, v) => p + lumen[v]),
      ve,
      ktransPerS: ktrans(throughFlow),
    },
    supply: { speedMmS, fpPerS: supplyFp, psPerS, vp, ve, ktransPerS: ktrans(supplyFp) },
  };
}
