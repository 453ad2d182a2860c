/**
 * ROI features (`qtm features`, and the per-subject features step of an experiment): per-subject ROI
 * features of subject folders (docs/subject-folder.md) as CSV rows: subject, grade, mask fractions, then
 * `<method>_<param>_<statistic>`. Maps are read as stored in `maps/<method>/<param>.nii.gz`; their file
 * names carry their units (e.g. `u_mm_s`), and so do the columns. `qtm features` writes a whole cohort's
 * table with a provenance sidecar `<out>.provenance.json` listing the sha256 of every file read; an
 * experiment computes one subject's row at a time and grading puts the rows together.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCsv } from '../formats/csv';
import { FormatError } from '../formats/format-error';
import { type NiftiImage, readNifti } from '../formats/nifti';
import { readLabels } from '../formats/subject-folder';
import { type FeatureTable, featureTable, type SubjectMaps } from '../perfusion/grading/roi-features';
import { sha256Hex } from '../perfusion/sha256';

export interface FeaturesCommandOptions {
  cohort: string;
  methods: string[];
  out: string;
  /** Mask labels of the ROI (default 1, enhancing). */
  roiLabels: number[];
}

/** Computes the table, writes the CSV and its sidecar; returns a one-line summary. */
export function runFeatures(opts: FeaturesCommandOptions): string {
  const inputs: Record<string, string> = {};
  const read = (path: string) => {
    inputs[path] = sha256Hex(readFileSync(path));
    return readNifti(path);
  };
  const subjects = readLabels(opts.cohort).map(({ subject, grade }) =>
    readSubjectMaps(join(opts.cohort, subject), { subject, grade }, opts.methods, read),
  );
  const table = featureTable(subjects, opts.roiLabels);
  writeFileSync(opts.out, formatCsv(table.header, table.rows));
  const provenance = {
    command: 'qtm features',
    options: opts,
    created: new Date().toISOString(),
    inputs_sha256: inputs,
  };
  writeFileSync(`${opts.out}.provenance.json`, `${JSON.stringify(provenance, null, 2)}\n`);
  return `${opts.out}: ${table.rows.length} subjects x ${table.header.length - 2} features\n`;
}

/**
 * One subject's feature row (header and one row) from a folder holding at least its tumour mask and
 * `maps/<method>/` of every method; the rest of a subject folder (the 4-D series) is not needed.
 */
export function subjectFeatureRow(
  dir: string,
  subject: { subject: string; grade: string },
  methods: readonly string[],
  roiLabels: readonly number[],
): FeatureTable {
  return featureTable([readSubjectMaps(dir, subject, methods, readNifti)], roiLabels);
}

/** The tumour mask and every method's maps of the subject folder `dir`, checked to share its grid. */
function readSubjectMaps(
  dir: string,
  { subject, grade }: { subject: string; grade: string },
  methods: readonly string[],
  read: (path: string) => NiftiImage,
): SubjectMaps {
  const maskPath = join(dir, 'mask_tumour.nii.gz');
  const maskImage = read(maskPath);
  const mask = Uint8Array.from(maskImage.data);
  const maps: SubjectMaps['maps'] = {};
  for (const method of methods) {
    const mapsDir = join(dir, 'maps', method);
    const files = existsSync(mapsDir)
      ? readdirSync(mapsDir)
          .filter((f) => f.endsWith('.nii.gz'))
          .sort()
      : [];
    if (files.length === 0) {
      throw new FormatError(
        'SUBJECT_FILE_MISSING',
        `${mapsDir}: no .nii.gz maps for method "${method}"; run the method first or drop it from --methods`,
      );
    }
    maps[method] = {};
    for (const file of files) {
      const image = read(join(mapsDir, file));
      if (image.data.length !== mask.length) {
        throw new FormatError(
          'SHAPE_MISMATCH',
          `${join(mapsDir, file)}: ${image.dims.join('x')} voxels, but ${maskPath} has ${maskImage.dims.join('x')}`,
        );
      }
      maps[method][file.slice(0, -'.nii.gz'.length)] =
        image.data instanceof Float32Array ? image.data : Float32Array.from(image.data);
    }
  }
  return { subject, grade, maps, mask };
}
