/**
 * ROI features of a cohort (`qtm features`, and the grading activity): per-subject ROI features of a cohort (subject folders, docs/subject-folder.md) as one CSV row per
 * subject: subject, grade, mask fractions, then `<method>_<param>_<statistic>`. Maps are read as stored in
 * `maps/<method>/<param>.nii.gz`; their file names carry their units (e.g. `u_mm_s`), and so do the columns.
 * A provenance sidecar `<out>.provenance.json` lists the sha256 of every file read.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../formats/atomic-write';
import { formatCsv } from '../formats/csv';
import { FormatError } from '../formats/format-error';
import { readNifti } from '../formats/nifti';
import { readLabels } from '../formats/subject-folder';
import { featureTable, type SubjectMaps } from '../perfusion/grading/roi-features';
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
  const subjects: SubjectMaps[] = readLabels(opts.cohort).map(({ subject, grade }) => {
    const maskPath = join(opts.cohort, subject, 'mask_tumour.nii.gz');
    const maskImage = read(maskPath);
    const mask = Uint8Array.from(maskImage.data);
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
        const image = read(join(dir, file));
        if (image.data.length !== mask.length) {
          throw new FormatError(
            'SHAPE_MISMATCH',
            `${join(dir, file)}: ${image.dims.join('x')} voxels, but ${maskPath} has ${maskImage.dims.join('x')}`,
          );
        }
        maps[method][file.slice(0, -'.nii.gz'.length)] =
          image.data instanceof Float32Array ? image.data : Float32Array.from(image.data);
      }
    }
    return { subject, grade, maps, mask };
  });
  const table = featureTable(subjects, opts.roiLabels);
  writeFileAtomic(opts.out, formatCsv(table.header, table.rows));
  const provenance = {
    command: 'qtm features',
    options: opts,
    created: new Date().toISOString(),
    inputs_sha256: inputs,
  };
  writeFileAtomic(`${opts.out}.provenance.json`, `${JSON.stringify(provenance, null, 2)}\n`);
  return `${opts.out}: ${table.rows.length} subjects x ${table.header.length - 2} features\n`;
}
