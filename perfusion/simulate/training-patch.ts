/**
 * The contract between the simulator and QTMnet training: a patch of simulated tissue concentration on the
 * imaging grid with the ground truth of every voxel. AIF-free by design (QTMnet sees only concentration); the
 * arterial curve is included for the 2CXM comparison only. Units SI except |u| (mm/s, the grid's unit).
 */

/** Tissue label of a voxel, as in mask_tumour.nii.gz (0 also covers normal brain). */
export const TISSUE_LABEL = { normal: 0, enhancing: 1, necrosis: 2, oedema: 3 } as const;

/** Per-voxel ground truth of a patch; every array has px*py*pz entries, x fastest, then y, then z. */
export interface PatchTruth {
  /** Intrinsic blood velocity |u| = |q| / vp, mm/s (q the voxel-averaged Darcy plasma flux). */
  speedMmS: Float32Array;
  /** Plasma flow Fp, 1/s (mL/mL/s; x 6000 for mL/100 mL/min). */
  fpPerS: Float32Array;
  /** Permeability-surface product PS, 1/s (x 60 for /min). */
  psPerS: Float32Array;
  /** Plasma volume fraction. */
  vp: Float32Array;
  /** Extravascular extracellular volume fraction. */
  ve: Float32Array;
  /** Ktrans = E Fp with E = PS / (Fp + PS), 1/s. */
  ktransPerS: Float32Array;
  /** TISSUE_LABEL value per voxel. */
  label: Uint8Array;
}

export interface TrainingPatch {
  /** Patch size in imaging voxels [px, py, pz]. */
  size: [number, number, number];
  /** Frame times, s (length nt). */
  frameTimesS: Float64Array;
  /** Tissue concentration in mM, length px*py*pz*nt, time fastest: index = voxel * nt + frame. */
  concentration: Float32Array;
  truth: PatchTruth;
  /** Imaging voxel size, mm. */
  voxelSizeMm: [number, number, number];
  /** Grade of the simulated subject the patch comes from. */
  grade: 'lgg' | 'hgg';
  /** Seed of that subject (a subject is reproducible from config + seed). */
  subjectSeed: number;
  /** Patch origin in the subject's imaging grid, voxels. */
  origin: [number, number, number];
}
