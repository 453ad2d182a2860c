/** Loads pROC's aSAH data (test/fixtures/roc/aSAH.csv) as score columns and the Poor-outcome labels. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Asah {
  isPoor: boolean[];
  s100b: number[];
  wfns: number[];
  ndka: number[];
}

export const ASAH_PATH = join(__dirname, '../../../fixtures/roc/aSAH.csv');

export function loadAsah(): Asah {
  const [header, ...lines] = readFileSync(ASAH_PATH, 'utf8').trim().split('\n');
  const cols = header.split(',');
  const rows = lines.map((l) => l.split(','));
  const num = (name: string) => rows.map((r) => Number(r[cols.indexOf(name)]));
  return {
    isPoor: rows.map((r) => r[cols.indexOf('outcome')] === 'Poor'),
    s100b: num('s100b'),
    wfns: num('wfns'),
    ndka: num('ndka'),
  };
}
