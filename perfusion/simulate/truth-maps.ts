/**
 * Ground truth on the imaging grid, from the capillary-bed solution:
 *  - Fp: arteriolar supply perfusion, 1/s: the terminal arterioles' source plasma flow spread over the
 *    territory each supplies (Gaussian of sd `territoryMm`, supply-perfusion.ts), volume-averaged over the
 *    voxel; this is what the configured perfusion (fpMlPer100MlMin) means. Plasma crosses several voxels between
 *    a terminal arteriole and a venule, so the through-flow of one voxel (plasma entering it) would count the
 *    same plasma once per voxel crossed: 2-4 times the supply with our terminal density (docs/simulator.md);
 *  - |u| = |q| / vp, mm/s: q the voxel-averaged Darcy plasma flux vector (cell fluxes from the mean of their two
 *    faces per axis), vp the voxel's capillary plasma fraction (docs/science.md 2);
 *  - vp, ve, PS: volume averages of the bed (vessel lumens excluded); Ktrans = E Fp, E = PS / (Fp + PS).
 */
import type { ImagingGrid } from './acquisition';
import { averageToImaging } from './acquisition';
import { supplyPerfusionPerS } from './supply-perfusion';
import type { VascularNetwork } from './vascular-network';

export interface TruthMaps {
  speedMmS: Float64Array;
  fpPerS: Float64Array;
  psPerS: Float64Array;
  vp: Float64Array;
  ve: Float64Array;
  ktransPerS: Float64Array;
}

export function computeTruthMaps(
  net: VascularNetwork,
  territoryMm: number,
  index: Int32Array,
  img: ImagingGrid,
): TruthMaps {
  const { nx, ny, nz, h } = net.darcy.grid;
  const strides = [1, nx, nx * ny];
  const q = [new Float64Array(index.length), new Float64Array(index.length), new Float64Array(index.length)];
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        const coord = [x, y, z];
        for (let d = 0; d < 3; d++) {
          const below = coord[d] > 0 ? net.darcy.faceFlux[d][i - strides[d]] : 0;
          q[d][i] = (net.darcy.faceFlux[d][i] + below) / 2 / (h * h);
        }
      }
    }
  }
  const cellFp = supplyPerfusionPerS(net.darcy.source, (i) => net.vp[i] > 0, net.darcy.grid, territoryMm);
  const vp = averageToImaging(net.vp, index, img);
  const ve = averageToImaging(net.ve, index, img);
  const psPerS = averageToImaging(net.psPerS, index, img);
  const qAvg = q.map((c) => averageToImaging(c, index, img));
  const fpPerS = averageToImaging(cellFp, index, img);
  const speedMmS = vp.map((p, v) => (p > 0 ? Math.hypot(qAvg[0][v], qAvg[1][v], qAvg[2][v]) / p : 0));
  const ktransPerS = fpPerS.map((fp, v) => (fp + psPerS[v] > 0 ? (psPerS[v] * fp) / (fp + psPerS[v]) : 0));
  return { speedMmS, fpPerS, psPerS, vp, ve, ktransPerS };
}
