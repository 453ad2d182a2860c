/**
 * Reading one subject's inputs for `qtm import`: each series as NIfTI volumes with their merged sidecar
 * (DICOM folders through dicom-series.ts), every volume moved onto the DCE series' voxel grid (an axis
 * relabelling, perfusion/imaging/grid-reorient.ts), and every error naming the subject by row and pseudonym and
 * the file by its name inside the subject's folder, never by a source path (which may hold a patient's name).
 */
import { join } from 'node:path';
import { Sidecar } from '../../formats/bids-sidecar';
import type { DeidentifyContext } from '../../formats/dicom/deidentify';
import { FormatError } from '../../formats/format-error';
import type { SeriesInput } from '../../formats/import-source';
import { type NiftiImage, readNifti } from '../../formats/nifti';
import { CodedError } from '../../perfusion/errors';
import { reorientToGrid, type VoxelGrid } from '../../perfusion/imaging/grid-reorient';
import { convertDicomSeries } from './dicom-series';

export interface SeriesVolume {
  image: NiftiImage;
  sidecar: Sidecar;
  /** How messages name this volume. */
  label: string;
}

export interface LoadedSeries {
  volumes: SeriesVolume[];
  origin: 'dicom' | 'nifti';
  dicom?: { files: number; skipped: number };
}

/** Reads a NIfTI file, naming it `label` instead of its path in any error. */
export function readLabelled(path: string, label: string): NiftiImage {
  try {
    return readNifti(path);
  } catch (err) {
    if (err instanceof CodedError) throw new FormatError(err.code, err.message.split(path).join(label));
    throw err;
  }
}

/** Reads series `name` (dce, t1map or vfa) of a subject; DICOM goes through de-identification and dcm2niix. */
export function loadSeries(
  input: SeriesInput,
  name: string,
  userSidecar: string | undefined,
  subject: { label: string; workDir: string; ctx: DeidentifyContext },
): LoadedSeries {
  const mine = userSidecar ? [{ path: userSidecar, label: `${subject.label}: ${name}.json` }] : [];
  if (input.kind === 'nifti') {
    const label = `${subject.label}: ${name}.nii${input.file.endsWith('.gz') ? '.gz' : ''}`;
    return {
      origin: 'nifti',
      volumes: [{ image: readLabelled(input.file, label), sidecar: Sidecar.read(mine), label }],
    };
  }
  const converted = convertDicomSeries(
    input.dir,
    join(subject.workDir, name),
    subject.ctx,
    `${subject.label}: ${name}/`,
  );
  const volumes = converted.outputs.map((o, i) => {
    const label = `${subject.label}: ${name}/ (DICOM, dcm2niix output ${i + 1} of ${converted.outputs.length})`;
    return {
      image: readLabelled(o.nifti, label),
      sidecar: Sidecar.read([{ path: o.json, label: `${label} sidecar` }, ...mine]),
      label,
    };
  });
  return { origin: 'dicom', volumes, dicom: { files: converted.files, skipped: converted.skipped } };
}

/** The voxel grid of an image (its first three dimensions and affine). */
export function gridOf(image: NiftiImage): VoxelGrid {
  return { dims: image.dims.slice(0, 3) as [number, number, number], affine: image.affine ?? [] };
}

/** An image's voxels (all frames) moved onto `target`; GRID_MISMATCH names both files. */
export function onGrid(
  image: NiftiImage,
  label: string,
  target: VoxelGrid,
  targetLabel: string,
): Float32Array {
  const frames = image.dims[3] ?? 1;
  const data = image.data instanceof Float32Array ? image.data : Float32Array.from(image.data);
  try {
    return reorientToGrid(data, frames, gridOf(image), target);
  } catch (err) {
    if (err instanceof CodedError && err.code === 'GRID_MISMATCH')
      throw new FormatError('GRID_MISMATCH', `${label} and ${targetLabel}: ${err.message}`);
    throw err;
  }
}
