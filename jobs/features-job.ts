/**
 * ROI features of a cohort (`qtm features`, and the grading activity): per-subject ROI features of a cohort (subject folders, docs/subject-folder.md) as one CSV row per
 * subject: subject, grade, mask fractions, then `<method>_<param>_<statistic>`. Maps are read as stored in
 * `maps/<method>/<param>.nii.gz`; their file names carry their units (e.g. `u_mm_s`), and so do the columns.
 * A provenance sidecar `<out>.provenance.json` lists the sha256 of every file read.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSafeName, SAFE_NAME_RULE } from '../contracts/safe-names';
import { writeFileAtomic } from '../formats/atomic-write';
import { readLabels } from '../formats/cohort-labels';
import { formatCsv } from '../formats/csv';
import { insideFolder } from '../formats/folder-files';
import { FormatError } from '../formats/format-error';
import { readNifti } from '../formats/nifti';
import { maskLabels } from '../formats/voxel-values';
import { featureTable, type SubjectMaps } from '../perfusion/grading/roi-features';
import { sha256Hex } from '../perfusion/sha256';

export interface FeaturesCommandOptions {
  cohort: string;
  methods: string[];
  out: string;
  /** Mask labels of the ROI (default 1, enhancing). */
  roiLabels: number[];
  /**
   * The name `out` takes when the caller's temporary folder is committed (formats/atomic-write.ts): recorded in
   * the provenance instead of the temporary name, which differs on every run.
   */
  finalOut?: string;
}

/** Computes the table, writes the CSV and its sidecar; returns a one-line summary. */
export function runFeatures(opts: FeaturesCommandOptions): string {
  for (const method of opts.methods)
    if (!isSafeName(method))
      throw new FormatError(
        'INVALID_METHOD',
        `method "${method.slice(0, 80)}" cannot name a folder under maps/; use ${SAFE_NAME_RULE}`,
      );
  const inputs: Record<string, string> = {};
  const roiNonFinite: Record<string, number> = {};
  // Every file is read from inside the cohort folder: a symbolic link leading out of it is refused.
  const read = (name: string) => {
    const path = insideFolder(opts.cohort, name);
    inputs[path] = sha256Hex(readFileSync(path));
    return readNifti(path);
  };
  const subjects: SubjectMaps[] = readLabels(opts.cohort).map(({ subject, grade }) => {
    const maskPath = join(opts.cohort, subject, 'mask_tumour.nii.gz');
    const maskImage = read(`${subject}/mask_tumour.nii.gz`);
    const mask = maskLabels(maskImage.data, maskPath);
    const roi = (v: number) => opts.roiLabels.includes(mask[v]);
    const maps: SubjectMaps['maps'] = {};
    for (const method of opts.methods) {
      const dir = join(opts.cohort, subject, 'maps', method);
      const files = existsSync(dir)
        ? readdirSync(dir)
            .filter((f) => f.endsWith('.nii.gz'))
            .sort()
        : [];
      if (files.length === 0) {
        throw new FormatError(
          'SUBJECT_FILE_MISSING',
          `${dir}: no .nii.gz maps for method "${method}"; run the method first or drop it from --methods`,
        );
      }
      maps[method] = {};
      for (const file of files) {
        const image = read(`${subject}/maps/${method}/${file}`);
        if (image.data.length !== mask.length) {
          throw new FormatError(
            'SHAPE_MISMATCH',
            `${join(dir, file)}: ${image.dims.join('x')} voxels, but ${maskPath} has ${maskImage.dims.join('x')}`,
          );
        }
        maps[method][file.slice(0, -'.nii.gz'.length)] =
          image.data instanceof Float32Array ? image.data : Float32Array.from(image.data);
        const leftOut = image.data.filter((x, v) => roi(v) && !Number.isFinite(x)).length;
        if (leftOut > 0) roiNonFinite[join(dir, file)] = leftOut;
      }
    }
    return { subject, grade, maps, mask };
  });
  const table = featureTable(subjects, opts.roiLabels);
  writeFileAtomic(opts.out, formatCsv(table.header, table.rows));
  const provenance = {
    command: 'qtm features',
    options: {
      cohort: opts.cohort,
      methods: opts.methods,
      out: opts.finalOut ?? opts.out,
      roiLabels: opts.roiLabels,
    },
    created: new Date().toISOString(),
    inputs_sha256: inputs,
    // ROI voxels whose map value is NaN or infinite, left out of that map's statistics (files with none omitted).
    roi_non_finite_voxels: roiNonFinite,
  };
  writeFileAtomic(`${opts.out}.provenance.json`, `${JSON.stringify(provenance, null, 2)}\n`);
  return `${opts.out}: ${table.rows.length} subjects x ${table.header.length - 2} features\n`;
}
