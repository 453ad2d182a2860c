/**
 * The 3-D inputs of an imported subject on the DCE grid: the pre-contrast T1 (a T1 map, or a T1 fitted voxel
 * by voxel to a variable-flip-angle series) and the masks. Tumour labels must be 0 outside, 1 enhancing, 2
 * necrosis, 3 oedema (docs/subject-folder.md); other masks count any non-zero value as inside.
 */
import { t1MapToSeconds, vfaAcquisition } from '../../formats/bids-acquisition';
import type { DeidentifyContext } from '../../formats/dicom/deidentify';
import { FormatError } from '../../formats/format-error';
import type { SubjectSource } from '../../formats/import-source';
import { maskLabels } from '../../formats/voxel-values';
import type { VoxelGrid } from '../../perfusion/imaging/grid-reorient';
import { vfaT1Volume } from '../../perfusion/signal/vfa-t1-volume';
import { loadSeries, onGrid, readLabelled } from './read-series';

export interface SubjectContext {
  label: string;
  workDir: string;
  ctx: DeidentifyContext;
  grid: VoxelGrid;
  /** How messages name the DCE series (the grid's owner). */
  dceLabel: string;
}

export interface T10Map {
  t10S: Float32Array;
  from: 't1map' | 'vfa';
  origin: 'dicom' | 'nifti';
  /** In-mask voxels without a usable T10. */
  failed: number;
}

/** T10 (s) on the DCE grid from the subject's T1 map, else its VFA series (fitted inside `mask`). */
export function t10OnGrid(src: SubjectSource, s: SubjectContext, mask: Uint8Array): T10Map {
  const n = mask.length;
  if (src.t1map) {
    const series = loadSeries(src.t1map, 't1map', src.sidecars.t1map, s);
    const [volume] = single(series.volumes, `${s.label}: t1map`);
    const scale = t1MapToSeconds(volume.sidecar);
    const t10S = onGrid(volume.image, volume.label, s.grid, s.dceLabel).map((t) => t * scale);
    let failed = 0;
    for (let v = 0; v < n; v++) if (mask[v] && !(t10S[v] > 0)) failed++;
    return { t10S, from: 't1map', origin: series.origin, failed };
  }
  if (!src.vfa) throw new FormatError('SUBJECT_FILE_MISSING', `${s.label}: no T1 map or VFA series`);
  const series = loadSeries(src.vfa, 'vfa', src.sidecars.vfa, s);
  const flips: number[] = [];
  const trs: number[] = [];
  const parts: Float32Array[] = [];
  for (const volume of series.volumes) {
    const k = volume.image.dims[3] ?? 1;
    const acquisition = vfaAcquisition(volume.sidecar, k);
    flips.push(...acquisition.flipDeg);
    trs.push(...acquisition.trS);
    parts.push(onGrid(volume.image, volume.label, s.grid, s.dceLabel));
  }
  if (new Set(flips).size < 2)
    throw new FormatError(
      'SIDECAR_FIELD_INVALID',
      `${s.label}: vfa: the series has flip angles ${flips.join(', ')} degrees; T1 mapping needs at least two different ones`,
    );
  const signal = new Float32Array(n * flips.length);
  let offset = 0;
  for (const p of parts) {
    signal.set(p, offset);
    offset += p.length;
  }
  const { t10S, failed } = vfaT1Volume(signal, flips, trs, mask, n);
  return { t10S, from: 'vfa', origin: series.origin, failed };
}

/** Tumour labels on the DCE grid (values 0-3). */
export function tumourOnGrid(path: string, s: SubjectContext): Uint8Array {
  const label = `${s.label}: tumour.nii.gz`;
  const values = onGrid(readLabelled(path, label), label, s.grid, s.dceLabel);
  const bad = values.find((x) => !(x === 0 || x === 1 || x === 2 || x === 3));
  if (bad !== undefined)
    throw new FormatError(
      'INVALID_LABEL_VALUE',
      `${label}: holds the value ${bad}; tumour labels are 0 outside, 1 enhancing, 2 necrosis, 3 oedema`,
    );
  return Uint8Array.from(values);
}

/** A binary mask on the DCE grid (non-zero = inside; NaN or infinite values are refused, not taken as inside). */
export function maskOnGrid(path: string, file: string, s: SubjectContext): Uint8Array {
  const label = `${s.label}: ${file}`;
  return maskLabels(onGrid(readLabelled(path, label), label, s.grid, s.dceLabel), label).map((x) =>
    x !== 0 ? 1 : 0,
  );
}

/** The one volume a series must have, or an error saying how many there were. */
export function single<T>(volumes: T[], what: string): [T] {
  if (volumes.length !== 1)
    throw new FormatError(
      'SERIES_COUNT',
      `${what}: holds ${volumes.length} series; put one series in each folder (e.g. dce/, t1map/)`,
    );
  return [volumes[0]];
}
