/**
 * The bench's large osipi files: an OSIPI test file's cases repeated, labels prefixed r0_, r1_, ... (2CXM:
 * 24 cases x 100 = 2,400 curves, 56 MB). Run directly to write one:
 *   node dist/bench/fit/osipi-repeated.js <2cxm|etm> <out.csv>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../runtime/project-paths';

/** The OSIPI file and repeat count behind each model's large file. */
export const OSIPI_REPEATS = {
  '2cxm': { file: '2cxm_sd_0.001_delay_0.csv', repeat: 100 },
  etm: { file: 'dce_DRO_data_extended_tofts.csv', repeat: 160 },
} as const;

export function osipiFixture(file: string): string {
  return join(projectRoot(), 'test/fixtures/osipi', file);
}

/** Writes `model`'s large file to `out`; returns the number of curves. */
export function writeRepeatedOsipi(model: keyof typeof OSIPI_REPEATS, out: string): number {
  const { file, repeat } = OSIPI_REPEATS[model];
  const lines = readFileSync(osipiFixture(file), 'utf8').trimEnd().split(/\r?\n/);
  const rows = Array.from({ length: repeat }, (_, r) => lines.slice(1).map((l) => `r${r}_${l}`)).flat();
  writeFileSync(out, [lines[0], ...rows].join('\n'));
  return rows.length;
}

if (require.main === module) {
  const [model, out] = process.argv.slice(2);
  if (!(model in OSIPI_REPEATS) || !out) {
    console.error('usage: node dist/bench/fit/osipi-repeated.js <2cxm|etm> <out.csv>');
    process.exit(2);
  }
  console.log(`${out}: ${writeRepeatedOsipi(model as keyof typeof OSIPI_REPEATS, out)} curves`);
}
