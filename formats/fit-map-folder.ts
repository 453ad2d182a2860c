/**
 * Writes fitted parameter maps into a subject folder (DESIGN.md 2.1): maps/<method>/<name>.nii.gz with the
 * field's units in the names (fp_ml_100ml_min, ps_per_min, ktrans_per_min, vp, ve), plus rmse_mM, fit_status
 * (0 clean, 1 flagged, 2 skipped, 255 outside the mask) and a provenance.json sidecar listing the sha256 of
 * every input and output file.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KineticModel } from '../perfusion/models/kinetic-model';
import { perSecondToMlPer100mlPerMin, perSecondToPerMin } from '../perfusion/units';
import type { NiftiImage } from './nifti';
import { writeNifti } from './nifti';
import type { SubjectGeometry } from './subject-folder';

/** Map file stem for an SI parameter name, and the factor from SI to the file's unit. */
export const MAP_NAMES: Readonly<Record<string, { stem: string; fromSi: number }>> = {
  Fp: { stem: 'fp_ml_100ml_min', fromSi: perSecondToMlPer100mlPerMin(1) },
  PS: { stem: 'ps_per_min', fromSi: perSecondToPerMin(1) },
  Ktrans: { stem: 'ktrans_per_min', fromSi: perSecondToPerMin(1) },
  vp: { stem: 'vp', fromSi: 1 },
  ve: { stem: 've', fromSi: 1 },
};

/**
 * SI names of the parameter maps a fit of `model` writes: its own parameters, plus Ktrans = E Fp when it has
 * Fp and PS but no Ktrans (so every model's Ktrans can be compared with Tofts-type maps).
 */
export function fittedMapParameters(model: KineticModel): string[] {
  const names = model.parameters.map((p) => p.name);
  const derivesKtrans = names.includes('Fp') && names.includes('PS') && !names.includes('Ktrans');
  return derivesKtrans ? [...names, 'Ktrans'] : names;
}

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
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Writes the maps under <subjectDir>/maps/<method>/ and returns the folder. */
export function writeFitMaps(
  subjectDir: string,
  method: string,
  geometry: SubjectGeometry,
  maps: FitMaps,
  provenance: Record<string, unknown>,
): string {
  const dir = join(subjectDir, 'maps', method);
  mkdirSync(dir, { recursive: true });
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
  return dir;
}
