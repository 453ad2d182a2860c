import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSubjectResults, writeSubjectResults } from '../../../bench/qtmnet/evaluation-results-file';
import type { SubjectResult } from '../../../bench/qtmnet/evaluation-run';

const f = (...v: number[]) => Float64Array.from(v);
const truth = { fp: f(0.01, 0.02), ps: f(0.001, 0), ktrans: f(0.001, 0), vp: f(0.05, 0.1), ve: f(0.2, 0.3) };
const subject = (seed: number, ktrans: Float64Array): SubjectResult => ({
  grade: seed % 2 === 0 ? 'lgg' : 'hgg',
  seed,
  truth: { tumour: truth, normal: truth },
  methods: {
    '2cxm-oracle': {
      tumour: { params: { ktrans, vp: f(0.04, 0.11) }, failed: f(0, 1) },
      normal: { params: { ktrans: f(0.002, 0.001) }, failed: f(0, 0) },
    },
  },
});

describe('saved evaluation results (--save / --from)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qtm-eval-results-'));
  const a = join(dir, 'a.json.gz');
  const b = join(dir, 'b.json.gz');
  writeSubjectResults(a, 'p', new Map([['reference', [subject(2, f(0.0011, Number.NaN))]]]));
  writeSubjectResults(b, 'p', new Map([['snr-10', [subject(2, f(Number.POSITIVE_INFINITY, 0.5))]]]));

  it('reads back every value, with non-finite estimates as NaN, and merges the conditions of several files', () => {
    const read = readSubjectResults([a, b], 'p');
    expect([...read.keys()]).toEqual(['reference', 'snr-10']);
    expect(read.get('reference')).toEqual([subject(2, f(0.0011, Number.NaN))]);
    const noisy = read.get('snr-10')?.[0].methods['2cxm-oracle'].tumour.params.ktrans;
    expect(Array.from(noisy ?? [])).toEqual([Number.NaN, 0.5]);
    expect(read.get('snr-10')?.[0].truth.tumour.vp).toBeInstanceOf(Float64Array);
  });

  it('refuses a condition saved twice and results of another protocol, naming the file', () => {
    expect(() => readSubjectResults([a, a], 'p')).toThrow(
      /condition reference is in more than one --from file/,
    );
    expect(() => readSubjectResults([a], 'other')).toThrow(
      /a\.json\.gz holds results of protocol p, not of other/,
    );
  });
});
