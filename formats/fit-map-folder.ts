/**
 * Writes fitted parameter maps into a subject folder (docs/subject-folder.md): maps/<method>/<name>.nii.gz with the
 * field's units in the names (fp_ml_100ml_min, ps_per_min, ktrans_per_min, vp, ve), plus rmse_mM, fit_status
 * (0 clean, 1 flagged, 2 skipped, 255 outside the mask) and a provenance.json sidecar listing the sha256 of
 * every input and output file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAP_NAMES } from '../contracts/parameter-maps';
import { sha256Hex } from '../perfusion/sha256';
import { pendingFolder } from './atomic-write';
import type { NiftiImage } from './nifti';
import { writeNifti } from './nifti';
import type { SubjectGeometry } from './subject-folder';

export interface FitMaps {
  /** SI maps by SI parameter name (Fp, PS, Ktrans, vp, ve); converted to file units here. */
  params: Record<string, Float32Array>;
  rmseMm: Float32Array;
  status: Uint8Array;
  /** Fitted delay (s) when the delay was a parameter. */
  delayS?: Float32Array;
}

/** sha256 (hex) of a file's bytes. */
export function fileSha256(path: string): string {
  return sha256Hex(readFileSync(path));
}

/**
 * Writes the maps under <subjectDir>/maps/<method>/ and returns the folder: written whole into a temporary
 * folder that then takes its place, so a failed fit never leaves some maps of a method without the others.
 */
export function writeFitMaps(
  subjectDir: string,
  method: string,
  geometry: SubjectGeometry,
  maps: FitMaps,
  provenance: Record<string, unknown>,
): string {
  const target = join(subjectDir, 'maps', method);
  const folder = pendingFolder(target);
  try {
    writeMaps(folder.path, geometry, maps, provenance);
    folder.commit();
  } finally {
    folder.discard();
  }
  return target;
}

function writeMaps(
  dir: string,
  geometry: SubjectGeometry,
  maps: FitMaps,
  provenance: Record<string, unknown>,
): void {
  const outputs: Record<string, string> = {};
  const write = (stem: string, data: NiftiImage['data']) => {
    const path = join(dir, `${stem}.nii.gz`);
    writeNifti(path, {
      data,
      dims: [...geometry.dims],
      voxelSizeMm: geometry.voxelSizeMm,
      frameIntervalS: 0,
      affine: geometry.affine,
    });
    outputs[`${stem}.nii.gz`] = fileSha256(path);
  };
  for (const [name, values] of Object.entries(maps.params)) {
    const unit = MAP_NAMES[name];
    if (!unit) throw new Error(`no map file name for parameter ${name}`);
    write(unit.stem, unit.fromSi === 1 ? values : values.map((v) => v * unit.fromSi));
  }
  write('rmse_mM', maps.rmseMm);
  write('fit_status', maps.status);
  if (maps.delayS) write('delay_s', maps.delayS);
  writeFileSync(
    join(dir, 'provenance.json'),
    `${JSON.stringify({ ...provenance, outputs_sha256: outputs }, null, 2)}\n`,
  );
}
