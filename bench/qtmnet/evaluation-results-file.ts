/**
 * Saved subject results of an evaluation run (evaluate-protocol.ts `--save FILE`), so that one protocol can run
 * as several processes over disjoint `--conditions` (one per core) and be scored once from all of them
 * (`--from FILE,FILE`). Gzipped JSON; every per-voxel array is written as numbers with non-finite values as
 * null and read back as NaN (the metrics leave out every non-finite value alike, and failures are recorded in
 * `failed`), so scores from saved results equal those of the run that saved them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CodedError } from '../../perfusion/errors';
import type { SubjectResult } from './evaluation-run';

const FORMAT = 'qtm-evaluation-results';

/** Float64Array leaves to plain arrays (non-finite as null) and back. */
const encode = (_: string, v: unknown) =>
  v instanceof Float64Array ? Array.from(v, (x) => (Number.isFinite(x) ? x : null)) : v;
const decode = (_: string, v: unknown) =>
  Array.isArray(v) && v.every((x) => x === null || typeof x === 'number')
    ? Float64Array.from(v as (number | null)[], (x) => x ?? Number.NaN)
    : v;

export function writeSubjectResults(
  file: string,
  protocol: string,
  results: Map<string, SubjectResult[]>,
): void {
  const body = JSON.stringify({ format: FORMAT, protocol, conditions: Object.fromEntries(results) }, encode);
  writeFileSync(file, gzipSync(body));
}

/**
 * The results of several saved runs of protocol `protocol`, by condition; a condition saved by more than one
 * run is refused (each process runs its own conditions).
 */
export function readSubjectResults(files: readonly string[], protocol: string): Map<string, SubjectResult[]> {
  const out = new Map<string, SubjectResult[]>();
  for (const file of files) {
    const saved = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'), decode) as {
      format: string;
      protocol: string;
      conditions: Record<string, SubjectResult[]>;
    };
    if (saved.format !== FORMAT || saved.protocol !== protocol)
      throw new CodedError(
        'RESULTS_MISMATCH',
        `${file} holds ${saved.format === FORMAT ? `results of protocol ${saved.protocol}` : 'no evaluation results'}, not of ${protocol}; give files saved by --save with this protocol`,
      );
    for (const [condition, subjects] of Object.entries(saved.conditions)) {
      if (out.has(condition))
        throw new CodedError(
          'RESULTS_OVERLAP',
          `condition ${condition} is in more than one --from file (${file}); run each condition in one process`,
        );
      out.set(condition, subjects);
    }
  }
  return out;
}
