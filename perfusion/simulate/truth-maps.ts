/**
 * Ground truth on the imaging grid, from the capillary-bed solution:
 *  - Fp: plasma entering the imaging voxel (across its boundary from neighbouring bed, plus terminal arterioles
 *    inside it) per voxel volume, 1/s (SCIENCE.md 2.2, item 7: "voxel F = inflow / voxel volume");
 *  - |u| = |q| / vp, mm/s: q the voxel-averaged Darcy plasma flux vector (cell fluxes from the mean of their two
 *    faces per axis), vp the voxel's capillary plasma fraction (DESIGN.md 2.1);
 *  - vp, ve, PS: volume averages of the bed (vessel lumens excluded); Ktrans = E Fp, E = PS / (Fp + PS).
 */
import type { ImagingGrid } from './acquisition';
import { averageToImaging } from './acquisition';
import type { VascularNetwork } from './vascular-network';

export interface TruthMaps {
  speedMmS: Float64Array;
  fpPerS: Float64Array;
  psPerS: Float64Array;
  vp: Float64Array;
  ve: Float64Array;
  ktransPerS: Float64Array;
}

export function computeTruthMaps(net: VascularNetwork, index: Int32Array, img: ImagingGrid): TruthMaps {
  const { nx, ny, nz, h } = net.darcy.grid;
  const strides = [1, nx, nx * ny];
  const sizes = [nx, ny, nz];
  const nImg = img.dims[0] * img.dims[1] * img.dims[2];
  const imgVolume = img.factor[0] * img.factor[1] * img.factor[2] * h ** 3;
  const inflow = new Float64Array(nImg);
  const q = [new Float64Array(index.length), new Float64Array(index.length), new Float64Array(index.length)];
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        inflow[index[i]] += net.darcy.source[i];
        const coord = [x, y, z];
        for (let d = 0; d < 3; d++) {
          const f = net.darcy.faceFlux[d][i];
          const below = coord[d] > 0 ? net.darcy.faceFlux[d][i - strides[d]] : 0;
          q[d][i] = (f + below) / 2 / (h * h);
          if (f === 0 || coord[d] + 1 >= sizes[d]) continue;
          const j = i + strides[d];
          if (index[i] !== index[j]) inflow[f > 0 ? index[j] : index[i]] += Math.abs(f);
        }
      }
    }
  }
  const vp = averageToImaging(net.vp, index, img);
  const ve = averageToImaging(net.ve, index, img);
  const psPerS = averageToImaging(net.psPerS, index, img);
  const qAvg = q.map((c) => averageToImaging(c, index, img));
  const fpPerS = inflow.map((v) => v / imgVolume);
  const speedMmS = vp.map((p, v) => (p > 0 ? Math.hypot(qAvg[0][v], qAvg[1][v], qAvg[2][v]) / p : 0));
  const ktransPerS = fpPerS.map((fp, v) => (fp + psPerS[v] > 0 ? (psPerS[v] * fp) / (fp + psPerS[v]) : 0));
  return { speedMmS, fpPerS, psPerS, vp, ve, ktransPerS };
}
