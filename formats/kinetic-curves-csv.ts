/**
 * Tissue curves with their plasma AIF, as CSV, in two layouts (docs/formats.md, "Kinetic curves"):
 * - `osipi`: one case per row as in OSIPI's DCE test files: `label`, time `t` (s), tissue `C_t` or `C` (mM),
 *   plasma AIF `cp_aif` or `ca` (mM), optional AIF times `ta` (s); array cells hold whitespace-separated numbers.
 *   Other numeric columns (reference parameters) are kept in `reference`.
 * - `plain`: one row per time sample, `label,t,ct,ca[,ta]`, rows of one case grouped by label. With `ta`, each
 *   row's (t, ct) and (ta, ca) pairs are independent samples and either pair may be empty, so the grids can
 *   differ in length; without it, ca is sampled at t.
 * Values are read, not judged: perfusion/fit validates finiteness, ordering and lengths.
 */
import { type CsvTable, columnIndex, formatCsvLine, parseCsv } from './csv';
import { parseNumber } from './csv-numbers';
import { FormatError } from './format-error';
import { chunkRows, OsipiChunker } from './osipi-curve-chunks';
import { OsipiRowReader } from './osipi-curve-rows';

export type KineticCurvesFormat = 'osipi' | 'plain';

export interface KineticCurve {
  label: string;
  /** Tissue sample times (s) and concentrations (mM). */
  t: Float64Array;
  ct: Float64Array;
  /** AIF sample times (s) and plasma concentrations (mM). */
  ta: Float64Array;
  ca: Float64Array;
  /** Scalar columns of the osipi layout (e.g. vp, ve, fp, ps, Ktrans, arterial_delay), in the file's units. */
  reference: Record<string, number>;
}

/** Parses kinetic curves from CSV `text`; `source` names the file in error messages. */
export function readKineticCurvesCsv(
  text: string,
  format: KineticCurvesFormat,
  source = 'CSV input',
): KineticCurve[] {
  if (format === 'osipi') return readOsipi(text, source);
  if (format === 'plain') return readPlain(parseCsv(text, source), source);
  throw new FormatError(
    'CSV_FORMAT',
    `${source}: unknown curve format "${String(format)}"; use osipi or plain`,
  );
}

/** The whole of an osipi file's text, read as `qtm fit` streams it (osipi-curve-chunks.ts), rows copied out. */
function readOsipi(text: string, source: string): KineticCurve[] {
  const { chunk } = new OsipiChunker(source).take(Buffer.from(text, 'utf8'), true);
  if (!chunk) return [];
  const reader = new OsipiRowReader(chunk.columns, source);
  return Array.from({ length: chunkRows(chunk) }, (_, r) => {
    const reference: Record<string, number> = {};
    const row = reader.read(chunk, r, reference);
    const t = Float64Array.from(row.t);
    const ta = row.ta === row.t ? t : Float64Array.from(row.ta);
    return {
      label: row.label,
      t,
      ct: Float64Array.from(row.ct),
      ta,
      ca: Float64Array.from(row.ca),
      reference,
    };
  });
}

function readPlain(table: CsvTable, source: string): KineticCurve[] {
  const label = columnIndex(table, 'label', source);
  const cols = {
    t: columnIndex(table, 't', source),
    ct: columnIndex(table, 'ct', source),
    ca: columnIndex(table, 'ca', source),
  };
  const taIndex = table.header.indexOf('ta');
  const cases = new Map<string, { t: number[]; ct: number[]; ta: number[]; ca: number[] }>();
  let previous = '';
  table.rows.forEach((row, r) => {
    const name = row[label];
    const where = (col: number) => `row ${r + 2}, column "${table.header[col]}"`;
    let entry = cases.get(name);
    if (entry && name !== previous) {
      throw new FormatError(
        'CSV_LABEL_ORDER',
        `${source}: row ${r + 2}: rows of case "${name}" are not contiguous; group each case's rows together`,
      );
    }
    if (!entry) {
      entry = { t: [], ct: [], ta: [], ca: [] };
      cases.set(name, entry);
    }
    previous = name;
    const pair = (a: number, b: number, xs: number[], ys: number[]) => {
      if (row[a].trim() === '' && row[b].trim() === '' && taIndex >= 0) return;
      xs.push(parseNumber(row[a], source, where(a)));
      ys.push(parseNumber(row[b], source, where(b)));
    };
    pair(cols.t, cols.ct, entry.t, entry.ct);
    if (taIndex >= 0) pair(taIndex, cols.ca, entry.ta, entry.ca);
    else entry.ca.push(parseNumber(row[cols.ca], source, where(cols.ca)));
  });
  return [...cases].map(([name, c]) => {
    const t = Float64Array.from(c.t);
    return {
      label: name,
      t,
      ct: Float64Array.from(c.ct),
      ta: taIndex >= 0 ? Float64Array.from(c.ta) : t,
      ca: Float64Array.from(c.ca),
      reference: {},
    };
  });
}

/** Output columns per model, named and ordered as in OSIPI's reference files. */
const OSIPI_COLUMNS: Record<string, readonly string[]> = {
  '2cxm': ['vp', 've', 'fp', 'ps'],
  '2cum': ['vp', 'fp', 'ps'],
  patlak: ['vp', 'ps'],
  etm: ['Ktrans', 've', 'vp'],
  tofts: ['Ktrans', 've'],
};

export interface FittedCurveRow {
  label: string;
  /** SI parameters in the model's order (see `parameters`). */
  params: Float64Array;
  /** Fitted delay (s), RMS residual (mM), identifiability flags. */
  delayS: number;
  rmse: number;
  flags: readonly string[];
}

/**
 * The fit results CSV: `label`, the parameters in OSIPI names and units (fp mL/100 mL/min, ps and Ktrans /min,
 * vp and ve fractions), `delay` (s) when fitted, `rmse` (mM) and `flags` (';'-separated, empty when none).
 * `parameters` gives each SI parameter's OSIPI name and scale (a model's parameter specs).
 */
export function formatKineticFitsCsv(
  model: string,
  parameters: ReadonlyArray<{ osipiName: string; toOsipi: number }>,
  rows: readonly FittedCurveRow[],
  withDelay: boolean,
): string {
  const format = kineticFitsFormatter(model, parameters, withDelay);
  return format.header + rows.map(format.row).join('');
}

/** The header line and a formatter of one row's line (each with its newline) of the fit results CSV. */
export function kineticFitsFormatter(
  model: string,
  parameters: ReadonlyArray<{ osipiName: string; toOsipi: number }>,
  withDelay: boolean,
): { header: string; row: (r: FittedCurveRow) => string } {
  const columns = OSIPI_COLUMNS[model];
  if (!columns) throw new FormatError('CSV_FORMAT', `no output columns defined for model "${model}"`);
  const index = columns.map((name) => parameters.findIndex((p) => p.osipiName === name));
  const header = ['label', ...columns, ...(withDelay ? ['delay'] : []), 'rmse', 'flags'];
  return {
    header: `${formatCsvLine(header)}\n`,
    row: (r) =>
      `${formatCsvLine([
        r.label,
        ...index.map((j) => number(r.params[j] * parameters[j].toOsipi)),
        ...(withDelay ? [number(r.delayS)] : []),
        number(r.rmse),
        r.flags.join(';'),
      ])}\n`,
  };
}

function number(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(8))) : 'NaN';
}
