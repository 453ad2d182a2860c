/**
 * Reads the labelled score tables that `qtm auc` and `qtm cv` take: one row per subject, a class column and
 * numeric score or feature columns. Untrusted input: the label must have exactly two classes, one of them
 * the named positive class, and every score cell must be a finite number; errors name file, column and row.
 */
import { type CsvTable, columnIndex } from './csv';
import { FormatError } from './format-error';

export interface ScoreTable {
  /** The non-positive class value. */
  negative: string;
  isPositive: boolean[];
  /** Score columns by name, one value per row. */
  columns: Map<string, Float64Array>;
}

/** Extracts `label` (binary, with `positive` one of its values) and the numeric columns `scores`. */
export function readScoreTable(
  table: CsvTable,
  label: string,
  positive: string,
  scores: readonly string[],
  source: string,
): ScoreTable {
  if (scores.length === 0) throw new FormatError('NO_SCORES', `${source}: name at least one score column`);
  const li = columnIndex(table, label, source);
  const labels = table.rows.map((r) => r[li].trim());
  const classes = Array.from(new Set(labels)).sort();
  if (!classes.includes(positive)) {
    throw new FormatError(
      'UNKNOWN_CLASS',
      `${source}: column "${label}" has no value "${positive}"; its values are: ${classes.join(', ')}`,
    );
  }
  if (classes.length !== 2) {
    const what =
      classes.length === 1
        ? `only one class ("${positive}")`
        : `${classes.length} classes (${classes.join(', ')})`;
    throw new FormatError(
      'LABEL_NOT_BINARY',
      `${source}: column "${label}" has ${what}; an ROC needs exactly two classes`,
    );
  }
  const columns = new Map<string, Float64Array>();
  for (const name of scores) {
    const ci = columnIndex(table, name, source);
    columns.set(
      name,
      Float64Array.from(table.rows, (r, i) => {
        const cell = r[ci].trim();
        const v = Number(cell);
        if (cell === '' || !Number.isFinite(v)) {
          throw new FormatError(
            'NON_FINITE_SCORE',
            `${source}: column "${name}", row ${i + 2} holds "${r[ci]}", not a finite number; fix or remove the row`,
          );
        }
        return v;
      }),
    );
  }
  return {
    negative: classes.find((c) => c !== positive) as string,
    isPositive: labels.map((l) => l === positive),
    columns,
  };
}
