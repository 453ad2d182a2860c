/** The columns of the osipi curve layout (docs/formats.md, "Kinetic curves"), found by name in a header. */
import { FormatError } from './format-error';

/** Where the osipi columns are in a header (`ta` is -1 when absent: the AIF is sampled at `t`). */
export interface OsipiColumns {
  header: string[];
  label: number;
  t: number;
  ct: number;
  ca: number;
  ta: number;
}

/** Finds the osipi columns in `header` (names trimmed); `source` names the file in errors. */
export function osipiColumns(header: string[], source: string): OsipiColumns {
  const find = (names: string[]) => {
    for (const name of names) {
      const i = header.indexOf(name);
      if (i >= 0) return i;
    }
    throw new FormatError(
      'CSV_MISSING_COLUMN',
      `${source}: no column ${names.map((n) => `"${n}"`).join(' or ')}; columns are: ${header.join(', ')}`,
    );
  };
  return {
    header,
    label: find(['label']),
    t: find(['t']),
    ct: find(['C_t', 'C']),
    ca: find(['cp_aif', 'ca']),
    ta: header.indexOf('ta'),
  };
}
