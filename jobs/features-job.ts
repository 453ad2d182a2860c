/**
 * ROI features (`qtm features`, and the per-subject features step of an experiment): per-subject ROI
 * features of subject folders (docs/subject-folder.md) as CSV rows: subject, grade, mask fractions, then
 * `<method>_<param>_<statistic>`. Maps are read as stored in `maps/<method>/<param>.nii.gz`; their file
 * names carry their units (e.g. `u_mm_s`), and so do the columns. `qtm features` writes a whole cohort's
 * table with a provenance sidecar `<out>.provenance.json` listing the sha256 of every file read; an
 * experiment computes one subject's row at a time and grading puts the rows together.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSafeName, SAFE_NAME_RULE } from '../contracts/safe-names';
import { writeFileAtomic } from '../formats/atomic-write';
import { readLabels } from '../formats/cohort-labels';
import { formatCsv } from '../formats/csv';
import { insideFolder } from '../formats/folder-files';
import { FormatError } from '../formats/format-error';
import { type NiftiImage, readNifti } from '../formats/nifti';
import { maskLabels } from '../formats/voxel-values';
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
  checkMethods(opts.methods);
  const inputs: Record<string, string> = {};
  const roiNonFinite: Record<string, number> = {};
  // Every file is read from inside the cohort folder: a symbolic link leading out of it is refused.
  const read = (name: string) => {
    const path = insideFolder(opts.cohort, name);
    inputs[path] = sha256Hex(readFileSync(path));
    return readNifti(path);
  };
  const subjects = readLabels(opts.cohort).map(({ subject, grade }) =>
    readSubjectMaps(
      join(opts.cohort, subject),
      { subject, grade },
      opts.methods,
      opts.roiLabels,
      (name) => read(`${subject}/${name}`),
      roiNonFinite,
    ),
  );
  const table = featureTable(subjects, opts.roiLabels);
  writeFileAtomic(opts.out, formatCsv(table.header, table.rows));
  const provenance = {
    command: 'qtm features',
    options: opts,
    created: new Date().toISOString(),
    inputs_sha256: inputs,
    // ROI voxels whose map value is NaN or infinite, left out of that map's statistics (files with none omitted).
    roi_non_finite_voxels: roiNonFinite,
  };
  writeFileAtomic(`${opts.out}.provenance.json`, `${JSON.stringify(provenance, null, 2)}\n`);
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
  checkMethods(methods);
  const read = (name: string) => readNifti(insideFolder(dir, name));
  return featureTable([readSubjectMaps(dir, subject, methods, roiLabels, read)], roiLabels);
}

function checkMethods(methods: readonly string[]): void {
  for (const method of methods)
    if (!isSafeName(method))
      throw new FormatError(
        'INVALID_METHOD',
        `method "${method.slice(0, 80)}" cannot name a folder under maps/; use ${SAFE_NAME_RULE}`,
      );
}

/**
 * The tumour mask and every method's maps of the subject folder `dir`, checked to share its grid; `read`
 * takes a name inside `dir`. ROI voxels whose map value is NaN or infinite (left out of that map's
 * statistics) are counted into `roiNonFinite` by file, when given.
 */
function readSubjectMaps(
  dir: string,
  { subject, grade }: { subject: string; grade: string },
  methods: readonly string[],
  roiLabels: readonly number[],
  read: (name: string) => NiftiImage,
  roiNonFinite?: Record<string, number>,
): SubjectMaps {
  const maskPath = join(dir, 'mask_tumour.nii.gz');
  const maskImage = read('mask_tumour.nii.gz');
  const mask = maskLabels(maskImage.data, maskPath);
  const roi = (v: number) => roiLabels.includes(mask[v]);
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
      const image = read(`maps/${method}/${file}`);
      if (image.data.length !== mask.length) {
        throw new FormatError(
          'SHAPE_MISMATCH',
          `${join(mapsDir, file)}: ${image.dims.join('x')} voxels, but ${maskPath} has ${maskImage.dims.join('x')}`,
        );
      }
      maps[method][file.slice(0, -'.nii.gz'.length)] =
        image.data instanceof Float32Array ? image.data : Float32Array.from(image.data);
      if (roiNonFinite) {
        const leftOut = image.data.filter((x, v) => roi(v) && !Number.isFinite(x)).length;
        if (leftOut > 0) roiNonFinite[join(mapsDir, file)] = leftOut;
      }
    }
  }
  return { subject, grade, maps, mask };
}
