/**
 * The subject folder (docs/subject-folder.md): the one contract between simulator, fitting, QTMnet, import and scoring.
 * Writing records the sha256 of every file it wrote in provenance.json; reading validates every file at the
 * boundary (protocol by zod, shapes against each other) so later steps can trust what they get.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { TRUTH_MAPS, type TruthMapName } from '../contracts/parameter-maps';
import { sha256Hex } from '../perfusion/sha256';
import { pendingFolder } from './atomic-write';
import { columnIndex, formatCsv, parseCsv } from './csv';
import { insideFolder } from './folder-files';
import { FormatError } from './format-error';
import { type NiftiImage, readNifti, writeNifti } from './nifti';
import { nonFiniteVoxels as countNonFinite, maskLabels } from './voxel-values';

/** Ground-truth map names (OSIPI field units in the names). */

export const protocolSchema = z.object({
  frame_times_s: z.array(z.number().finite().nonnegative()).min(2),
  TR_s: z.number().positive(),
  flip_deg: z.number().positive().max(180),
  r1_per_mM_s: z.number().positive(),
  hct: z.number().min(0).lt(1),
  field_T: z.number().positive(),
  dose_mmol_per_kg: z.number().positive(),
});
export type SubjectProtocol = z.infer<typeof protocolSchema>;

/** A plasma concentration curve: times in s and concentration in mM (CSV columns t_s, cp_mM). */
export interface PlasmaCurve {
  tS: ArrayLike<number>;
  cpMm: ArrayLike<number>;
}

export interface SubjectGeometry {
  dims: [number, number, number];
  voxelSizeMm: [number, number, number];
  affine?: number[][];
}

export interface SubjectFolder {
  geometry: SubjectGeometry;
  protocol: SubjectProtocol;
  /** 4D SPGR signal (arbitrary units), x fastest then y, z, t. */
  dce: Float32Array;
  /** 4D tissue concentration in mM. */
  conc: Float32Array;
  /** Pre-contrast T1 in s. */
  t10: Float32Array;
  maskBrain: Uint8Array;
  /** 1 enhancing, 2 necrosis, 3 oedema, 0 elsewhere. */
  maskTumour: Uint8Array;
  maskArtery: Uint8Array;
  /** Global plasma AIF measured in mask_artery. */
  aif: PlasmaCurve;
  truth?: Partial<Record<TruthMapName, Float32Array>>;
  /** Simulated subjects (docs/simulator.md): voxels wholly inside the venous sinus (mask_vein.nii.gz). */
  maskVein?: Uint8Array;
  /** Venous output function measured in mask_vein, plasma (vof.csv). */
  vof?: PlasmaCurve;
  /** True plasma AIF at the arterial root: a reference no real study has (aif_oracle.csv). */
  aifOracle?: PlasmaCurve;
  /** Ground truth in the supply definition (truth_supply/, same map names as truth/). */
  truthSupply?: Partial<Record<TruthMapName, Float32Array>>;
  /** True pre-contrast T1 in s (truth/t10_s.nii.gz); `t10` holds the estimate an analysis would use. */
  t10True?: Float32Array;
  /** Code version, command, config, seed, input hashes; the writer adds sha256 of each written file. */
  provenance: Record<string, unknown>;
  /**
   * Set by readSubjectFolder: for each float volume read (dce.nii.gz, conc.nii.gz, t10.nii.gz, truth maps),
   * how many voxels hold a NaN or infinite value (in any frame). Jobs record it in their outputs' provenance.
   */
  nonFiniteVoxels?: Record<string, number>;
}

/**
 * Writes a subject folder; `dir` is created when missing. The files are written into a temporary folder beside
 * it that takes its name when complete, so a failure never leaves half a subject.
 */
export function writeSubjectFolder(dir: string, s: SubjectFolder): void {
  const folder = pendingFolder(dir);
  try {
    writeSubjectFiles(folder.path, s);
    folder.commit();
  } finally {
    folder.discard();
  }
}

function writeSubjectFiles(dir: string, s: SubjectFolder): void {
  const hashes: Record<string, string> = {};
  const { dims, voxelSizeMm, affine } = s.geometry;
  const nt = s.protocol.frame_times_s.length;
  const frameIntervalS = nt > 1 ? s.protocol.frame_times_s[1] - s.protocol.frame_times_s[0] : 0;
  mkdirSync(join(dir, 'truth'), { recursive: true });
  if (s.truthSupply) mkdirSync(join(dir, 'truth_supply'), { recursive: true });
  const put = (name: string, bytes: Buffer | string) => {
    writeFileSync(join(dir, name), bytes);
    hashes[name] = sha256Hex(bytes);
  };
  const nifti = (name: string, data: NiftiImage['data'], is4d: boolean) => {
    writeNifti(join(dir, name), {
      data,
      dims: is4d ? [...dims, nt] : [...dims],
      voxelSizeMm,
      frameIntervalS: is4d ? frameIntervalS : 0,
      affine,
    });
    hashes[name] = sha256Hex(readFileSync(join(dir, name)));
  };
  nifti('dce.nii.gz', s.dce, true);
  nifti('conc.nii.gz', s.conc, true);
  nifti('t10.nii.gz', s.t10, false);
  nifti('mask_brain.nii.gz', s.maskBrain, false);
  nifti('mask_tumour.nii.gz', s.maskTumour, false);
  nifti('mask_artery.nii.gz', s.maskArtery, false);
  if (s.maskVein) nifti('mask_vein.nii.gz', s.maskVein, false);
  for (const name of TRUTH_MAPS) {
    const map = s.truth?.[name];
    if (map) nifti(`truth/${name}.nii.gz`, map, false);
    const supply = s.truthSupply?.[name];
    if (supply) nifti(`truth_supply/${name}.nii.gz`, supply, false);
  }
  if (s.t10True) nifti('truth/t10_s.nii.gz', s.t10True, false);
  const curve = (name: string, c: PlasmaCurve) =>
    put(
      name,
      formatCsv(
        ['t_s', 'cp_mM'],
        Array.from(c.tS, (t, i) => [t, c.cpMm[i]]),
      ),
    );
  curve('aif.csv', s.aif);
  if (s.vof) curve('vof.csv', s.vof);
  if (s.aifOracle) curve('aif_oracle.csv', s.aifOracle);
  put('protocol.json', `${JSON.stringify(s.protocol, null, 2)}\n`);
  put('provenance.json', `${JSON.stringify({ ...s.provenance, files_sha256: hashes }, null, 2)}\n`);
}

/**
 * Reads and validates a subject folder; truth maps are read when present. Every file must lie inside the
 * folder (a symbolic link leading out is refused); NaN and infinite values are counted in float volumes
 * (`nonFiniteVoxels`) and refused in masks.
 */
export function readSubjectFolder(dir: string): SubjectFolder {
  const file = (name: string) => insideFolder(dir, name);
  const nonFiniteVoxels: Record<string, number> = {};
  const text = (name: string) => {
    if (!existsSync(file(name)))
      throw new FormatError(
        'SUBJECT_FILE_MISSING',
        `${file(name)}: missing from the subject folder (docs/subject-folder.md)`,
      );
    return readFileSync(file(name), 'utf8');
  };
  const json = (name: string): unknown => {
    try {
      return JSON.parse(text(name));
    } catch (err) {
      if (err instanceof FormatError) throw err;
      throw new FormatError('CORRUPT_JSON', `${file(name)}: not valid JSON (${(err as Error).message})`);
    }
  };
  const parsed = protocolSchema.safeParse(json('protocol.json'));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FormatError(
      'INVALID_PROTOCOL',
      `${file('protocol.json')}: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  const protocol = parsed.data;
  const t10Image = readNifti(file('t10.nii.gz'));
  const dims = t10Image.dims.slice(0, 3) as [number, number, number];
  const nvox = dims[0] * dims[1] * dims[2];
  const nt = protocol.frame_times_s.length;
  const volume = (name: string, frames: number, kind: 'float' | 'mask') => {
    const img = name === 't10.nii.gz' ? t10Image : readNifti(file(name));
    if (img.data.length !== nvox * frames || img.dims.slice(0, 3).join('x') !== dims.join('x')) {
      throw new FormatError(
        'SHAPE_MISMATCH',
        `${file(name)}: shape ${img.dims.join('x')} does not match ${dims.join('x')}${frames > 1 ? `x${frames} (protocol frame_times_s)` : ''}`,
      );
    }
    if (kind === 'mask') return maskLabels(img.data, file(name));
    nonFiniteVoxels[name] = countNonFinite(img.data, nvox);
    return img.data instanceof Float32Array ? img.data : Float32Array.from(img.data);
  };
  const curve = (name: string): PlasmaCurve => {
    const table = parseCsv(text(name), file(name));
    const ti = columnIndex(table, 't_s', file(name));
    const ci = columnIndex(table, 'cp_mM', file(name));
    const num = (cell: string, row: number, column: string) => {
      const v = Number(cell);
      if (cell.trim() === '' || !Number.isFinite(v))
        throw new FormatError(
          'CSV_NOT_A_NUMBER',
          `${file(name)}: row ${row + 2}, column ${column}: "${cell}" is not a finite number`,
        );
      return v;
    };
    return {
      tS: table.rows.map((r, i) => num(r[ti], i, 't_s')),
      cpMm: table.rows.map((r, i) => num(r[ci], i, 'cp_mM')),
    };
  };
  const present = (name: string) => existsSync(file(name));
  const maps = (folder: string) => {
    const out: Partial<Record<TruthMapName, Float32Array>> = {};
    for (const name of TRUTH_MAPS)
      if (present(`${folder}/${name}.nii.gz`))
        out[name] = volume(`${folder}/${name}.nii.gz`, 1, 'float') as Float32Array;
    return out;
  };
  const folder: SubjectFolder = {
    geometry: { dims, voxelSizeMm: t10Image.voxelSizeMm, affine: t10Image.affine },
    protocol,
    dce: volume('dce.nii.gz', nt, 'float') as Float32Array,
    conc: volume('conc.nii.gz', nt, 'float') as Float32Array,
    t10: volume('t10.nii.gz', 1, 'float') as Float32Array,
    maskBrain: volume('mask_brain.nii.gz', 1, 'mask') as Uint8Array,
    maskTumour: volume('mask_tumour.nii.gz', 1, 'mask') as Uint8Array,
    maskArtery: volume('mask_artery.nii.gz', 1, 'mask') as Uint8Array,
    aif: curve('aif.csv'),
    truth: maps('truth'),
    ...(present('mask_vein.nii.gz') && { maskVein: volume('mask_vein.nii.gz', 1, 'mask') as Uint8Array }),
    ...(present('vof.csv') && { vof: curve('vof.csv') }),
    ...(present('aif_oracle.csv') && { aifOracle: curve('aif_oracle.csv') }),
    ...(present('truth_supply') && { truthSupply: maps('truth_supply') }),
    ...(present('truth/t10_s.nii.gz') && {
      t10True: volume('truth/t10_s.nii.gz', 1, 'float') as Float32Array,
    }),
    provenance: json('provenance.json') as Record<string, unknown>,
  };
  return { ...folder, nonFiniteVoxels };
}
