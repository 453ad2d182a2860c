/** `qtm cv` on pROC's aSAH data and on bad input. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCv } from '../../../cli/commands/cv';
import type { CvReport } from '../../../reports/grading-cv-report';

const ASAH = join(__dirname, '../../fixtures/roc/aSAH.csv');
const base = { input: ASAH, label: 'outcome', positive: 'Poor', folds: 5, repeats: 3, seed: 1 };

describe('qtm cv', () => {
  it('per-feature and combined cross-validated AUCs, deterministic for a seed', () => {
    const json = runCv({ ...base, features: ['wfns', 's100b', 'ndka'], json: true });
    const r = JSON.parse(json) as CvReport;
    expect(r.sets.map((s) => [s.features.join('+'), s.classifier])).toEqual([
      ['wfns', 'threshold'],
      ['s100b', 'threshold'],
      ['ndka', 'threshold'],
      ['wfns+s100b+ndka', 'logistic'],
    ]);
    const combined = r.sets[3];
    // The apparent AUCs are 0.82 (wfns) and 0.73 (s100b); CV estimates sit near or below them.
    expect(combined.pooledAucMean).toBeGreaterThan(0.7);
    expect(combined.pooledAucMean).toBeLessThan(0.9);
    expect(combined.pooledAucRange[0]).toBeLessThanOrEqual(combined.pooledAucMean);
    expect(runCv({ ...base, features: ['wfns', 's100b', 'ndka'], json: true })).toBe(json);
    const text = runCv({ ...base, features: ['wfns', 's100b'] });
    expect(text).toContain('stratified 5-fold x 3 repeats, seed 1');
    expect(text).toMatch(/all 2 features\s+logistic\s+0\.\d{3}/);
  });

  it('leave-one-out and default feature columns (all numeric but label and subject)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qtm-cv-'));
    const p = join(dir, 'f.csv');
    const rows = Array.from(
      { length: 12 },
      (_, i) => `s${i},${i < 6 ? 'hgg' : 'lgg'},${i < 6 ? 10 + i : i - 6},site${i % 2}`,
    );
    writeFileSync(p, `subject,grade,u_mean,site\n${rows.join('\n')}\n`);
    const r = JSON.parse(
      runCv({ ...base, input: p, label: 'grade', positive: 'hgg', loo: true, json: true }),
    ) as CvReport;
    expect(r.sets[0].features).toEqual(['u_mean']);
    expect((r as CvReport & { skippedColumns: string[] }).skippedColumns).toEqual(['site']);
    expect(runCv({ ...base, input: p, label: 'grade', positive: 'hgg', loo: true })).toContain(
      'columns left out (not all cells are finite numbers): site',
    );
    expect(r.sets[0].perFoldAucMean).toBeNull();
    expect(r.sets[0].pooledAucMean).toBe(1);
  });

  it('too few subjects of a class in a training fold names fold and class', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qtm-cv-'));
    const p = join(dir, 'small.csv');
    writeFileSync(p, 'grade,x\nhgg,1\nhgg,2\nlgg,3\nlgg,4\nlgg,5\n');
    expect(() => runCv({ ...base, input: p, label: 'grade', positive: 'hgg', folds: 2 })).toThrow(
      expect.objectContaining({
        code: 'TOO_FEW_TRAINING_SUBJECTS',
        message: expect.stringMatching(/fold \d: the training part has 1 hgg subject/),
      }),
    );
  });
});
